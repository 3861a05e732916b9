// The HTTP/1.1 server (Boost.Beast): accepts connections, reads requests with per-route body
// limits and timeouts, runs the router on a worker pool (handlers may block on the database),
// writes responses, and shuts down gracefully: Stop() refuses new connections, lets requests in
// flight finish (up to a deadline) and then returns from Run().
// Thread-safety: Start/Run/Stop may be called from different threads; Stop is idempotent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/router.hpp"

namespace linli::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  int io_threads = 2;
  // Handlers run on worker threads and block on the database. On SQLite the writes of requests
  // waiting together are committed together (group commit), so more waiting workers make larger
  // batches: 16 took 16% less CPU per filing than 8 under load (bench/README.md), 32 no less.
  int worker_threads = 16;
  int read_timeout_seconds = 30;
  int shutdown_grace_seconds = 10;
};

class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the port actually bound. Throws on failure (start-up error).
  std::uint16_t Start();
  // Serves until Stop(); returns when all threads are done.
  void Run();
  void Stop();

  struct Impl;  // public so that the connection code in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace linli::http
