#include "nginx_process.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.h"

namespace ovos::testing {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    throw std::runtime_error("the shipped nginx config no longer has: " + from);
  }
  text.replace(at, from.size(), to);
}

/// "server 127.0.0.1:A <rest>" lines for every port, the last one's rest left to the file.
std::string server_lines(const std::vector<int>& ports) {
  std::string lines;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    if (i > 0) lines += " max_fails=3 fail_timeout=10s;\n    ";
    lines += "server 127.0.0.1:" + std::to_string(ports[i]);
  }
  return lines;
}

}  // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string shipped_site_config(const std::vector<int>& api_ports,
                                const std::vector<int>& engine_ports, int listen_port) {
  std::string site = read_text(std::string(OVOS_SOURCE_DIR) + "/deploy/nginx/openvoiceos.conf");
  replace_once(site, "server 127.0.0.1:8001", server_lines(api_ports));
  replace_once(site, "server 127.0.0.1:8002", server_lines(engine_ports));
  replace_once(site, "listen 8080", "listen 127.0.0.1:" + std::to_string(listen_port));
  return site;
}

NginxProcess::NginxProcess(const std::string& site, int port) : port_(port) {
  char tmpl[] = "/tmp/ovos-nginx-XXXXXX";
  prefix_ = mkdtemp(tmpl);
  std::filesystem::permissions(prefix_, std::filesystem::perms(0755));
  std::ofstream(prefix_ + "/site.conf") << site;
  std::ofstream(prefix_ + "/nginx.conf") << "worker_processes 1;\n"
                                         << "error_log " << prefix_ << "/error.log info;\n"
                                         << "pid " << prefix_ << "/nginx.pid;\n"
                                         << "events { worker_connections 256; }\n"
                                         << "http {\n"
                                         << "  access_log " << prefix_ << "/access.log;\n"
                                         << "  client_body_temp_path " << prefix_ << "/body;\n"
                                         << "  proxy_temp_path " << prefix_ << "/proxy;\n"
                                         << "  fastcgi_temp_path " << prefix_ << "/fastcgi;\n"
                                         << "  uwsgi_temp_path " << prefix_ << "/uwsgi;\n"
                                         << "  scgi_temp_path " << prefix_ << "/scgi;\n"
                                         << "  include " << prefix_ << "/site.conf;\n"
                                         << "}\n";
  const std::string conf = prefix_ + "/nginx.conf";
  nginx_.start({"/usr/sbin/nginx", "-p", prefix_, "-c", conf, "-g", "daemon off;"});
}

NginxProcess::~NginxProcess() {
  // Fast shutdown: a graceful one (SIGQUIT) would wait for calls' WebSockets to end.
  nginx_.stop(SIGTERM);
  std::error_code ec;
  std::filesystem::remove_all(prefix_, ec);
}

bool NginxProcess::wait_ready() {
  using namespace std::chrono_literals;
  for (int i = 0; i < 100; ++i) {
    try {
      if (nginx_.running() && HttpClient(url()).get("/healthz").status == 200) return true;
    } catch (const std::exception&) {
      // not listening yet
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

std::string NginxProcess::error_log() const {
  return read_text(prefix_ + "/error.log");
}

}  // namespace ovos::testing
