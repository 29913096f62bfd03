#include "tls_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ovos::net::testing {
namespace {

SSL_CTX* ctx_of(void* p) {
  return static_cast<SSL_CTX*>(p);
}

void set_non_blocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Moves bytes both ways until either side closes or `stop` is set.
void pump(SSL* ssl, int tls_fd, int plain_fd, const std::atomic<bool>& stop) {
  set_non_blocking(tls_fd);
  set_non_blocking(plain_fd);
  std::string to_plain;
  std::string to_tls;
  bool closed = false;
  char buf[16384];
  while (!stop && !(closed && to_plain.empty() && to_tls.empty())) {
    while (!closed) {
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n > 0) {
        to_plain.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      const int err = SSL_get_error(ssl, n);
      if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) closed = true;
      break;
    }
    while (!closed) {
      const auto n = ::recv(plain_fd, buf, sizeof buf, 0);
      if (n > 0) {
        to_tls.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closed = true;
      break;
    }
    if (!to_plain.empty()) {
      const auto n = ::send(plain_fd, to_plain.data(), to_plain.size(), MSG_NOSIGNAL);
      if (n > 0) to_plain.erase(0, static_cast<std::size_t>(n));
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) to_plain.clear();
    }
    if (!to_tls.empty()) {
      const int n = SSL_write(ssl, to_tls.data(), static_cast<int>(to_tls.size()));
      if (n > 0) to_tls.erase(0, static_cast<std::size_t>(n));
      const int err = n > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, n);
      if (err != SSL_ERROR_NONE && err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
        to_tls.clear();
      }
    }
    pollfd fds[2] = {{tls_fd, static_cast<short>(POLLIN | (to_tls.empty() ? 0 : POLLOUT)), 0},
                     {plain_fd, static_cast<short>(POLLIN | (to_plain.empty() ? 0 : POLLOUT)), 0}};
    if (SSL_pending(ssl) == 0) ::poll(fds, 2, closed ? 5 : 20);
  }
  SSL_shutdown(ssl);
}

}  // namespace

TestCertificate::TestCertificate(const std::string& subject_alt_names) {
  char pattern[] = "/tmp/ovos-tls-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) return;
  dir_ = pattern;
  cert_ = dir_ + "/cert.pem";
  key_ = dir_ + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=ovos-test -addext subjectAltName=" +
      subject_alt_names + " -keyout " + key_ + " -out " + cert_ + " >/dev/null 2>&1";
  ok_ = std::system(command.c_str()) == 0;  // NOLINT(concurrency-mt-unsafe): test set-up
}

TestCertificate::~TestCertificate() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

TlsProxy::TlsProxy(const TestCertificate& certificate, std::uint16_t backend_port)
    : backend_port_(backend_port) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  context_ = ctx;
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(ctx, certificate.cert_file().c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, certificate.key_file().c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("TlsProxy: cannot load the certificate");
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("TlsProxy: cannot listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TlsProxy::~TlsProxy() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : connections_)
    t.join();
  ::close(listen_fd_);
  SSL_CTX_free(ctx_of(context_));
}

std::vector<std::string> TlsProxy::server_names() const {
  std::lock_guard lock(mutex_);
  return server_names_;
}

void TlsProxy::accept_loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void TlsProxy::serve(int client_fd) {
  timeval timeout{5, 0};
  ::setsockopt(client_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  SSL* ssl = SSL_new(ctx_of(context_));
  SSL_set_fd(ssl, client_fd);
  if (SSL_accept(ssl) == 1) {
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    {
      std::lock_guard lock(mutex_);
      server_names_.emplace_back(name ? name : "");
    }
    const int backend = connect_loopback(backend_port_);
    if (backend >= 0) {
      pump(ssl, client_fd, backend, stop_);
      ::close(backend);
    }
  }
  ERR_clear_error();
  SSL_free(ssl);
  ::close(client_fd);
}

}  // namespace ovos::net::testing
