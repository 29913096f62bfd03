#pragma once

#include <string>
#include <vector>

#include "support/child_process.h"

namespace ovos::testing {

/// A free TCP port on loopback (the kernel's pick for a socket then closed).
int free_loopback_port();

/// deploy/nginx/openvoiceos.conf as shipped, with only its addresses and port replaced: the
/// api upstream on `api_ports`, the engine upstream on `engine_ports`, listening on
/// 127.0.0.1:`listen_port`. Throws if the shipped file no longer has what is replaced.
std::string shipped_site_config(const std::vector<int>& api_ports,
                                const std::vector<int>& engine_ports, int listen_port);

/// Debian's nginx in the foreground with a config of its own under a temporary prefix; stopped
/// (SIGTERM) and its prefix removed by the destructor.
class NginxProcess {
 public:
  NginxProcess(const std::string& site, int port);
  ~NginxProcess();
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;

  /// True once nginx answers on its port.
  bool wait_ready();
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string error_log() const;

 private:
  int port_;
  std::string prefix_;
  ChildProcess nginx_;
};

}  // namespace ovos::testing
