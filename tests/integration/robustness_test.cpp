// Malformed and hostile requests get clear errors and never crash the server.
#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include "harness.hpp"

namespace linli::testing {
namespace {

std::string RawExchange(std::uint16_t port, const std::string& bytes) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket sock(ioc);
  sock.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(sock, boost::asio::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    size_t n = sock.read_some(boost::asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
    if (out.find("\r\n\r\n") != std::string::npos &&
        out.find("Connection: close") != std::string::npos)
      break;
  }
  return out;
}

TEST(Robustness, GarbageAndOversizedRequestsAreRefused) {
  TestServer s;
  EXPECT_NE(RawExchange(s.port(), "GARBAGE\r\n\r\n").find("400"), std::string::npos);
  EXPECT_NE(
      RawExchange(s.port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").find("400"),
      std::string::npos);
  auto big = s.Call("POST", "/api/v1/auth/login", std::string(200 * 1024, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.ErrorCode(), "payload_too_large");
  EXPECT_EQ(s.Call("POST", "/api/v1/auth/login", "{not json").status, 400);
  EXPECT_EQ(s.Call("POST", "/api/v1/auth/login", "[1,2]").status, 400);
  EXPECT_EQ(s.Call("POST", "/api/v1/auth/login", "{\"phone\":5,\"password\":\"x\"}").ErrorCode(),
            "invalid_argument");
  EXPECT_EQ(s.Get("/api/v1/units/abc", s.AdminToken()).status, 400);
  EXPECT_EQ(s.Get("/api/v1/units/99999", s.AdminToken()).status, 404);
  EXPECT_EQ(s.Get("/api/v1/units/1/children?page=0", s.AdminToken()).status, 400);
  EXPECT_EQ(s.Get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(s.Call("DELETE", "/healthz").status, 405);
  // The server still answers.
  auto ok = s.Get("/healthz");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json.at("status"), "ok");
}

}  // namespace
}  // namespace linli::testing
