#include "engine/playout.h"

#include <algorithm>
#include <charconv>

namespace ovos::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ')
      ++j;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

std::string mark_name(std::uint64_t epoch, std::uint32_t piece) {
  return std::to_string(epoch) + "." + std::to_string(piece);
}

}  // namespace

Playout::Playout(core::Executor& executor, CallOutput& output, int sample_rate,
                 std::chrono::milliseconds lead, int frame_ms)
    : executor_(executor),
      output_(output),
      tasks_(executor),
      sample_rate_(sample_rate),
      lead_(lead),
      frame_samples_(static_cast<std::size_t>(sample_rate * frame_ms / 1000)) {}

Clock::time_point Playout::now() const {
  return executor_.clock().now();
}

void Playout::begin(std::uint64_t epoch) {
  pump_timer_.cancel();
  epoch_ = epoch;
  active_ = true;
  finished_ = paused_ = sent_any_ = drained_ = false;
  pieces_.clear();
  audio_.clear();
  base_ = cursor_ = confirmed_ = 0;
  buffer_end_ = now();
}

void Playout::append(std::uint32_t piece, std::span<const std::int16_t> samples) {
  if (!active_) return;
  while (pieces_.size() <= piece) {
    Piece p;
    p.start = total_samples();
    pieces_.push_back(std::move(p));
  }
  audio_.insert(audio_.end(), samples.begin(), samples.end());
  if (!paused_) pump();
}

void Playout::end_piece(std::uint32_t piece, std::string text) {
  if (!active_) return;
  while (pieces_.size() <= piece) {
    Piece p;
    p.start = total_samples();
    pieces_.push_back(std::move(p));
  }
  pieces_[piece].end = total_samples();
  pieces_[piece].text = std::move(text);
  if (!paused_) pump();
}

void Playout::finish() {
  if (!active_) return;
  finished_ = true;
  if (!paused_) pump();
}

std::int64_t Playout::heard_samples() const {
  const auto unplayed = std::chrono::duration_cast<std::chrono::microseconds>(buffer_end_ - now());
  std::int64_t estimate = cursor_;
  if (unplayed.count() > 0) {
    estimate -= unplayed.count() * sample_rate_ / 1'000'000;
  }
  return std::clamp<std::int64_t>(std::max(estimate, confirmed_), 0, cursor_);
}

std::string Playout::heard_text() const {
  const std::int64_t heard = heard_samples();
  std::string text;
  for (const Piece& piece : pieces_) {
    if (piece.start >= heard) break;
    std::string_view part;
    std::string partial;
    if (piece.end >= 0 && piece.end <= heard) {
      part = piece.text;
    } else if (piece.end > piece.start) {
      const auto words = split_words(piece.text);
      const double share =
          static_cast<double>(heard - piece.start) / static_cast<double>(piece.end - piece.start);
      const auto count = static_cast<std::size_t>(share * static_cast<double>(words.size()));
      for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) partial += ' ';
        partial += words[i];
      }
      part = partial;
    }
    if (part.empty()) continue;
    if (!text.empty()) text += ' ';
    text += part;
  }
  return text;
}

void Playout::pause() {
  if (!active_ || paused_) return;
  paused_ = true;
  pump_timer_.cancel();
  const std::int64_t heard = heard_samples();
  const bool unheard = cursor_ > heard;
  cursor_ = heard;
  buffer_end_ = now();
  for (Piece& piece : pieces_) {
    if (piece.end > heard) piece.mark_sent = false;
  }
  if (unheard) output_.deliver(ClearFrame{epoch_});
}

void Playout::resume() {
  if (!active_ || !paused_) return;
  paused_ = false;
  buffer_end_ = now();
  pump();
}

std::string Playout::stop() {
  if (!active_) return {};
  std::string heard = heard_text();
  const bool unheard = cursor_ > heard_samples();
  pump_timer_.cancel();
  if (unheard && !paused_) output_.deliver(ClearFrame{epoch_});
  active_ = false;
  pieces_.clear();
  audio_.clear();
  return heard;
}

void Playout::on_played(std::string_view mark) {
  if (!active_) return;
  const std::size_t dot = mark.find('.');
  if (dot == std::string_view::npos) return;
  std::uint64_t epoch = 0;
  std::uint32_t piece = 0;
  const auto* b = mark.data();
  if (std::from_chars(b, b + dot, epoch).ec != std::errc{} ||
      std::from_chars(b + dot + 1, b + mark.size(), piece).ec != std::errc{}) {
    return;
  }
  if (epoch != epoch_ || piece >= pieces_.size() || pieces_[piece].end < 0) return;
  confirmed_ = std::max(confirmed_, std::min(pieces_[piece].end, cursor_));
  drop_heard();
  check_drained();
}

void Playout::send_marks_up_to(std::int64_t position) {
  for (std::uint32_t i = 0; i < pieces_.size(); ++i) {
    Piece& piece = pieces_[i];
    if (piece.end < 0 || piece.end > position) break;
    if (!piece.mark_sent) {
      piece.mark_sent = true;
      output_.deliver(MarkFrame{epoch_, mark_name(epoch_, i)});
    }
  }
}

void Playout::pump() {
  if (!active_ || paused_) return;
  const auto t = now();
  if (buffer_end_ < t) buffer_end_ = t;  // the player ran dry: playing restarts now
  const std::int64_t total = total_samples();
  std::int64_t ended_up_to = 0;  // audio that belongs to ended pieces
  for (const Piece& piece : pieces_) {
    if (piece.end < 0) break;
    ended_up_to = piece.end;
  }
  while (buffer_end_ - t < lead_ && cursor_ < total) {
    const std::int64_t available = total - cursor_;
    // A short tail goes out only when no more audio can follow it in this piece.
    if (available < static_cast<std::int64_t>(frame_samples_) &&
        cursor_ + available > ended_up_to && !finished_) {
      break;
    }
    const auto n = std::min<std::int64_t>(available, static_cast<std::int64_t>(frame_samples_));
    AudioFrame frame{epoch_, {}};
    const auto from = audio_.begin() + (cursor_ - base_);
    frame.samples.assign(from, from + n);
    const auto play_at = buffer_end_;
    buffer_end_ += std::chrono::microseconds(n * 1'000'000 / sample_rate_);
    cursor_ += n;
    if (on_frame) on_frame(play_at, frame.samples);
    output_.deliver(std::move(frame));
    if (!sent_any_) {
      sent_any_ = true;
      if (on_first_audio) on_first_audio();
      if (!active_ || paused_) return;  // the callback stopped or paused us
    }
    send_marks_up_to(cursor_);
  }
  send_marks_up_to(cursor_);
  drop_heard();
  if (cursor_ < total && buffer_end_ - t >= lead_) {
    // The lead is full: pump again when one frame of it has played.
    schedule_pump(buffer_end_ - lead_ +
                  std::chrono::microseconds(static_cast<std::int64_t>(frame_samples_) * 1'000'000 /
                                            sample_rate_));
  } else if (cursor_ >= total) {
    check_drained();
  }  // else: waiting for more audio; append(), end_piece() and finish() pump again
}

void Playout::schedule_pump(Clock::time_point at) {
  if (pump_timer_.active() && pump_at_ <= at) return;
  pump_timer_.cancel();
  pump_at_ = at;
  const auto delay = std::chrono::ceil<std::chrono::milliseconds>(at - now());
  pump_timer_ =
      tasks_.post_after(std::max(delay, std::chrono::milliseconds(0)), [this] { pump(); });
}

void Playout::drop_heard() {
  const std::int64_t keep_from = heard_samples();
  if (keep_from - base_ < 4096) return;
  audio_.erase(audio_.begin(), audio_.begin() + (keep_from - base_));
  base_ = keep_from;
}

void Playout::check_drained() {
  if (!active_ || !finished_ || drained_ || paused_ || cursor_ < total_samples()) return;
  const auto t = now();
  if (buffer_end_ > t && confirmed_ < cursor_) {
    // Check again when the last frame has played.
    schedule_pump(buffer_end_);
    return;
  }
  drained_ = true;
  active_ = false;
  if (on_drained) on_drained();
}

}  // namespace ovos::engine
