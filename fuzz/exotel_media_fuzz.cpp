// Exotel AgentStream messages arrive on a socket anyone can reach: every message parses or is
// refused with a reason, without crashing; caller audio written back and regrouped by the
// outbound chunker keeps Exotel's chunk rule and every sample; marks round-trip.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "telephony/exotel/exotel_chunker.h"
#include "telephony/exotel/exotel_media_protocol.h"

namespace {

namespace exotel = ovos::telephony::exotel;

void check_chunk(const std::vector<std::int16_t>& chunk, const exotel::OutboundChunker& chunker) {
  if (chunk.size() % exotel::kChunkAlignSamples != 0 ||
      chunk.size() < chunker.min_chunk_samples() || chunk.size() > exotel::kMaxChunkSamples) {
    __builtin_trap();
  }
}

void check_media(const exotel::MediaEvent& media) {
  const auto echoed = exotel::parse_exotel_message(exotel::media_message("MZ1", media.samples));
  if (!echoed.ok() || std::get<exotel::MediaEvent>(*echoed).samples != media.samples) {
    __builtin_trap();
  }
  const int rate = 8000 * (1 + static_cast<int>(media.samples.size() % 3));
  exotel::OutboundChunker chunker(rate);
  std::vector<std::int16_t> out;
  for (const auto& chunk : chunker.push(media.samples)) {
    check_chunk(chunk, chunker);
    out.insert(out.end(), chunk.begin(), chunk.end());
  }
  const std::size_t pending = chunker.pending_samples();
  if (pending >= chunker.min_chunk_samples()) __builtin_trap();
  const auto tail = chunker.flush();
  if (pending > 0) check_chunk(tail, chunker);
  out.insert(out.end(), tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(pending));
  if (out != media.samples) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed =
      exotel::parse_exotel_message(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) __builtin_trap();  // always a reason
    return 0;
  }
  if (const auto* start = std::get_if<exotel::StartEvent>(&*parsed)) {
    if (start->bit_rate != 16 || start->stream_sid.empty()) __builtin_trap();
  } else if (const auto* media = std::get_if<exotel::MediaEvent>(&*parsed)) {
    if (media->samples.size() * 2 > exotel::kMaxPayloadBytes) __builtin_trap();
    check_media(*media);
  } else if (const auto* mark = std::get_if<exotel::MarkEvent>(&*parsed)) {
    const auto echoed =
        exotel::parse_exotel_message(exotel::mark_message(mark->stream_sid, mark->name));
    if (!echoed.ok() || std::get<exotel::MarkEvent>(*echoed).name != mark->name) __builtin_trap();
  }
  return 0;
}
