#pragma once

// The load generator of the phone-call load benchmark: N simulated Twilio Media Streams on one
// event loop, each sending connected/start and then 20 ms μ-law frames on an absolute schedule
// (frame k due at t0 + 20k ms), playing the server's audio like a phone line and echoing marks.

#include <cstdint>

namespace ovos::bench::load {

/// What one generator run does.
struct ClientOptions {
  std::uint16_t port = 0;
  int calls = 100;
  int warmup_seconds = 5;   // after all calls are connected, before measuring
  int seconds = 20;         // the measuring window
  int max_connecting = 64;  // connection attempts in flight
};

/// Runs the calls. Prints, one line each, on stdout: "connected ...", "measuring" when the
/// window opens, "done" when it closes, then "result key=value ..." with the window's figures
/// (answers are awaited a few seconds past the window). Ends the process (std::_Exit) rather
/// than closing every call; returns only on a setup failure.
int run_client(const ClientOptions& options);

}  // namespace ovos::bench::load
