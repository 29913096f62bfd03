#pragma once

// The server under test of the phone-call load benchmark: the product's media path of a Twilio
// call (net::HttpServer's WebSocket upgrade on N shards -> telephony::CarrierCallHandler with
// the real TwilioDialect -> engine::CallSession), with fake STT, LLM and TTS of fixed delays.
// No database, no REST API, no signature check on the upgrade: the path measured is the call's.

namespace ovos::bench::load {

/// Runs the server on 127.0.0.1 (any free port) with `shards` event-loop threads. Prints
/// "port <n>" once it accepts connections, then answers each "stats" line read from stdin with
/// one line "stats cpu_s=.. wait_s=.. rss_kib=.. heap_kib=.. provider_s=.. connections=..";
/// exits at the end of stdin. Returns the exit status.
int run_server(unsigned shards);

}  // namespace ovos::bench::load
