#include "audio/wav_writer.h"

#include <cassert>
#include <string>
#include <utility>

#include "audio/wav.h"

namespace ovos::audio {
namespace {

core::Error closed_error() {
  return core::Error::invalid("WAV writer is closed");
}

}  // namespace

core::Result<WavWriter> WavWriter::open(const std::filesystem::path& path, int sample_rate,
                                        int channels, std::size_t buffer_bytes) {
  if (channels != 1 && channels != 2) return core::Error::invalid("WAV channels must be 1 or 2");
  if (sample_rate <= 0) return core::Error::invalid("WAV sample rate must be positive");
  OVOS_ASSIGN_OR_RETURN(auto file, PosixFile::create(path, /*exclusive=*/false));
  OVOS_TRY(file.write_at(wav_header(sample_rate, channels, 0), 0));
  return WavWriter(std::move(file), sample_rate, channels, buffer_bytes);
}

WavWriter::WavWriter(PosixFile file, int sample_rate, int channels, std::size_t buffer_bytes)
    : file_(std::move(file)),
      sample_rate_(sample_rate),
      channels_(channels),
      buffer_bytes_(buffer_bytes) {
  buffer_.reserve(buffer_bytes_);
}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
  if (this != &other) {
    (void)close();
    file_ = std::move(other.file_);
    sample_rate_ = other.sample_rate_;
    channels_ = other.channels_;
    buffer_bytes_ = other.buffer_bytes_;
    buffer_ = std::move(other.buffer_);
    written_bytes_ = other.written_bytes_;
  }
  return *this;
}

WavWriter::~WavWriter() {
  (void)close();
}

std::uint64_t WavWriter::frames() const {
  return (written_bytes_ + buffer_.size()) / (2 * static_cast<std::uint64_t>(channels_));
}

core::Result<void> WavWriter::append(std::span<const Sample> samples) {
  if (!is_open()) return closed_error();
  assert(samples.size() % static_cast<std::size_t>(channels_) == 0);
  const std::uint64_t total = written_bytes_ + buffer_.size() + samples.size() * 2;
  if (total > kWavMaxDataBytes) {
    return core::Error{core::ErrorCode::kTooLarge,
                       "WAV recording " + file_.name() + " reached the 4 GiB limit of the format",
                       {}};
  }
  for (const Sample s : samples) {
    const auto u = static_cast<std::uint16_t>(s);
    buffer_.push_back(static_cast<std::uint8_t>(u & 0xFFU));
    buffer_.push_back(static_cast<std::uint8_t>(u >> 8));
  }
  if (buffer_.size() >= buffer_bytes_) return flush();
  return core::ok();
}

core::Result<void> WavWriter::flush(bool durable) {
  if (!is_open()) return closed_error();
  if (!buffer_.empty()) {
    // Samples first, header second: a crash in between leaves a shorter but valid file.
    OVOS_TRY(file_.write_at(buffer_, kWavHeaderSize + written_bytes_));
    written_bytes_ += buffer_.size();
    buffer_.clear();
    OVOS_TRY(file_.write_at(wav_header(sample_rate_, channels_, written_bytes_), 0));
  }
  if (durable) OVOS_TRY(file_.sync());
  return core::ok();
}

core::Result<void> WavWriter::close() {
  if (!is_open()) return core::ok();
  core::Result<void> flushed = flush(/*durable=*/true);
  core::Result<void> closed = file_.close();
  if (!flushed.ok()) return flushed;
  return closed;
}

}  // namespace ovos::audio
