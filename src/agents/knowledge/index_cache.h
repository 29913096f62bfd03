#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agents/knowledge/knowledge_index.h"
#include "core/result.h"
#include "store/records.h"

namespace ovos::agents::knowledge {

/// Built indexes by knowledge base id, so searches and calls do not re-read and re-index a
/// base's chunks each time: an entry is used while the base's version (bumped by every
/// document change) matches, and rebuilt otherwise. At most `max_entries` bases are kept; the
/// least recently used goes first. Thread-safe; building happens outside the lock, so a slow
/// build blocks no other base. Holders of an index keep it alive after eviction.
class IndexCache {
 public:
  /// Reads the chunks of the base (blocking: the database).
  using Loader = std::function<core::Result<std::vector<store::KnowledgeChunk>>()>;

  explicit IndexCache(std::size_t max_entries = 32) : max_entries_(max_entries) {}

  /// The index of base `id` at `version`: the cached one when its version matches, else one
  /// built from load() and kept (unless a newer version got there first).
  [[nodiscard]] core::Result<std::shared_ptr<const KnowledgeIndex>> get(const std::string& id,
                                                                        std::int64_t version,
                                                                        const Loader& load);
  /// Forgets base `id` (deleted).
  void erase(const std::string& id);
  [[nodiscard]] std::size_t size() const;
  /// How many indexes were built (cache misses), for tests and metrics.
  [[nodiscard]] std::size_t builds() const;

 private:
  struct Entry {
    std::int64_t version = 0;
    std::shared_ptr<const KnowledgeIndex> index;
    std::uint64_t last_used = 0;
  };

  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::uint64_t clock_ = 0;
  std::size_t builds_ = 0;
};

}  // namespace ovos::agents::knowledge
