#include "http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace linli::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  const Router& router;
  ServerOptions options;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::thread> threads;

  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        ioc(options.io_threads),
        workers(options.worker_threads) {}
  std::thread stopper;

  void RequestDone() {
    if (--in_flight == 0) {
      std::lock_guard lock(mu);
      cv.notify_all();
    }
  }

  void Accept();
};

namespace {

Response Plain(int status, const std::string& code, const std::string& message) {
  return ErrorResponse(status, code, message);
}

// Fills our Request from a parsed Beast request; nullopt with an error response if malformed.
bool Convert(const bhttp::request<bhttp::string_body>& in, Request& out, Response& error) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  auto parsed = boost::urls::parse_origin_form(out.target);
  if (!parsed) {
    error = Plain(400, "invalid_argument",
                  "the request target '" + out.target + "' is not a valid URL path");
    return false;
  }
  try {
    out.path = parsed->path();
    for (auto param : parsed->params()) out.query.emplace(param.key, param.value);
  } catch (const std::exception&) {
    error = Plain(400, "invalid_argument", "the request target is not a valid URL");
    return false;
  }
  if (out.path.empty()) out.path = "/";
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = in.body();
  return true;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

 private:
  void ReadHeader() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // No limit while the header is read (Beast would refuse a large Content-Length there);
    // the route's own limit is set once the path is known.
    parser_->body_limit(boost::none);
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset)
      return Close();
    if (ec) return SendError(400, "invalid_argument", "malformed HTTP request: " + ec.message());
    auto& req = parser_->get();
    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    const std::size_t limit = server_.router.BodyLimit(std::string(req.method_string()), path);
    if (auto len = parser_->content_length(); len && *len > limit)
      return SendError(413, "payload_too_large",
                       "the request body is " + std::to_string(*len) +
                           " bytes; this endpoint takes at most " + std::to_string(limit));
    parser_->body_limit(limit);
    limit_ = limit;
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return SendError(413, "payload_too_large",
                       "the request body is larger than this endpoint takes (" +
                           std::to_string(limit_) + " bytes)");
    if (ec == beast::error::timeout || ec == asio::error::eof ||
        ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset)
      return Close();
    if (ec) return SendError(400, "invalid_argument", "malformed HTTP request: " + ec.message());
    auto req = parser_->release();
    keep_alive_ = req.keep_alive();
    head_ = req.method() == bhttp::verb::head;
    version_ = req.version();
    auto request = std::make_shared<Request>();
    Response error;
    if (!Convert(req, *request, error)) return Send(std::move(error), false);
    request->remote = remote_;
    ++server_.in_flight;
    asio::post(server_.workers, [self = shared_from_this(), request] {
      Response response;
      try {
        response = self->server_.router.Dispatch(*request);
      } catch (const std::exception& e) {
        response = Plain(500, "internal", std::string("internal error: ") + e.what());
      } catch (...) {
        response = Plain(500, "internal", "internal error");
      }
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Send(std::move(response), self->keep_alive_);
        self->server_.RequestDone();
      });
    });
  }

  void SendError(int status, const std::string& code, const std::string& message) {
    head_ = false;
    Send(Plain(status, code, message), false);
  }

  void Send(Response r, bool keep_alive) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(r.status), version_);
    res->set(bhttp::field::server, "linli");
    res->set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->set(k, v);
    if (server_.stopping) keep_alive = false;
    res->keep_alive(keep_alive);
    if (head_) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->Close();
          self->ReadHeader();
        });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

 public:
  std::string remote_;

 private:
  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::size_t limit_ = 0;
  bool keep_alive_ = false;
  bool head_ = false;
  unsigned version_ = 11;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      auto remote = socket.remote_endpoint(ec);
      auto s = std::make_shared<Session>(std::move(socket), *this);
      if (!ec) s->remote_ = remote.address().to_string();
      s->Start();
    }
    Accept();
  });
}

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() {
  Stop();
  if (impl_->stopper.joinable()) impl_->stopper.join();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

std::uint16_t Server::Start() {
  auto& i = *impl_;
  tcp::endpoint ep(asio::ip::make_address(i.options.address), i.options.port);
  i.acceptor.open(ep.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(ep);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  i.Accept();
  return i.acceptor.local_endpoint().port();
}

void Server::Run() {
  auto& i = *impl_;
  for (int n = 1; n < i.options.io_threads; ++n) i.threads.emplace_back([&i] { i.ioc.run(); });
  i.ioc.run();
  for (auto& t : i.threads)
    if (t.joinable()) t.join();
  i.threads.clear();
  i.workers.join();
}

void Server::Stop() {
  auto& i = *impl_;
  if (i.stopping.exchange(true)) return;
  asio::post(i.ioc, [&i] {
    beast::error_code ec;
    i.acceptor.close(ec);
  });
  // Let requests in flight finish, then stop the event loop.
  i.stopper = std::thread([&i] {
    std::unique_lock lock(i.mu);
    i.cv.wait_for(lock, std::chrono::seconds(i.options.shutdown_grace_seconds),
                  [&] { return i.in_flight == 0; });
    lock.unlock();
    // Give the last responses a moment to be written.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    i.ioc.stop();
  });
}

}  // namespace linli::http
