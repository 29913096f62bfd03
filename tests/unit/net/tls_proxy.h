#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ovos::net::testing {

/// A self-signed certificate and key made with the openssl command in a fresh temporary
/// directory (removed by the destructor).
class TestCertificate {
 public:
  /// `subject_alt_names` as openssl writes them, e.g. "DNS:localhost,IP:127.0.0.1".
  explicit TestCertificate(const std::string& subject_alt_names);
  ~TestCertificate();
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const std::string& cert_file() const { return cert_; }
  [[nodiscard]] const std::string& key_file() const { return key_; }

 private:
  std::string dir_;
  std::string cert_;
  std::string key_;
  bool ok_ = false;
};

/// A TLS terminator on 127.0.0.1 (OpenSSL's C API, one thread per connection) that forwards
/// the decrypted bytes to a plain TCP port: wss:// in front of an HttpServer for tests.
class TlsProxy {
 public:
  TlsProxy(const TestCertificate& certificate, std::uint16_t backend_port);
  ~TlsProxy();
  TlsProxy(const TlsProxy&) = delete;
  TlsProxy& operator=(const TlsProxy&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// Server names (SNI) the clients sent, "" for none; one entry per finished TLS handshake.
  [[nodiscard]] std::vector<std::string> server_names() const;

 private:
  void accept_loop();
  void serve(int client_fd);

  void* context_ = nullptr;  // SSL_CTX*
  std::uint16_t backend_port_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<std::string> server_names_;
};

}  // namespace ovos::net::testing
