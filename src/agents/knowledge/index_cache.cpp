#include "agents/knowledge/index_cache.h"

#include <algorithm>

namespace ovos::agents::knowledge {

core::Result<std::shared_ptr<const KnowledgeIndex>> IndexCache::get(const std::string& id,
                                                                    std::int64_t version,
                                                                    const Loader& load) {
  {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(id);
    if (it != entries_.end() && it->second.version == version) {
      it->second.last_used = ++clock_;
      return it->second.index;
    }
  }
  OVOS_ASSIGN_OR_RETURN(auto chunks, load());
  std::shared_ptr<const KnowledgeIndex> index =
      std::make_shared<const KnowledgeIndex>(std::move(chunks));
  const std::lock_guard lock(mutex_);
  ++builds_;
  auto& entry = entries_[id];
  if (entry.index == nullptr || entry.version <= version) {
    entry.version = version;
    entry.index = index;
  }
  entry.last_used = ++clock_;
  while (entries_.size() > std::max<std::size_t>(max_entries_, 1)) {
    const auto oldest = std::min_element(
        entries_.begin(), entries_.end(),
        [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
    entries_.erase(oldest);
  }
  return index;
}

void IndexCache::erase(const std::string& id) {
  const std::lock_guard lock(mutex_);
  entries_.erase(id);
}

std::size_t IndexCache::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t IndexCache::builds() const {
  const std::lock_guard lock(mutex_);
  return builds_;
}

}  // namespace ovos::agents::knowledge
