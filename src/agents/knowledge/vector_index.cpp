// hnswlib is included here only: it is a large header-only library with no CMake package.
#include "agents/knowledge/vector_index.h"

// hnswlib 0.6.2's SSE path prefetches one entry past the end of a full neighbour list (an
// out-of-bounds read AddressSanitizer reports); its plain C++ distance loop has no such read.
#define NO_MANUAL_VECTORIZATION
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>

namespace ovos::agents::knowledge {

bool l2_normalize(std::span<float> values) {
  double sum = 0;
  for (const float v : values) {
    if (!std::isfinite(v)) return false;
    sum += static_cast<double>(v) * v;
  }
  if (sum <= 0 || !std::isfinite(sum)) return false;
  const double scale = 1.0 / std::sqrt(sum);
  for (float& v : values)
    v = static_cast<float>(v * scale);
  return true;
}

struct VectorIndex::Impl {
  Impl(std::size_t dimensions, std::size_t capacity, const Options& options)
      : space(dimensions),
        graph(&space, std::max<std::size_t>(capacity, 1), options.m, options.ef_construction) {
    graph.setEf(options.ef_search);  // here, before any search: setEf is not thread-safe
  }

  hnswlib::InnerProductSpace space;
  hnswlib::HierarchicalNSW<float> graph;
};

VectorIndex::VectorIndex(std::size_t dimensions, std::size_t capacity, Options options)
    : dimensions_(dimensions),
      capacity_(capacity),
      options_(options),
      impl_(std::make_unique<Impl>(dimensions, capacity, options)) {}

VectorIndex::VectorIndex(std::size_t dimensions, std::size_t capacity)
    : VectorIndex(dimensions, capacity, Options{}) {}

VectorIndex::~VectorIndex() = default;

core::Result<void> VectorIndex::add(std::size_t label, std::span<const float> vector) {
  if (vector.size() != dimensions_) {
    return core::Error::invalid("an embedding has " + std::to_string(vector.size()) +
                                " dimensions; this index has " + std::to_string(dimensions_));
  }
  if (size_ >= capacity_) return core::Error::invalid("the vector index is full");
  std::vector<float> unit(vector.begin(), vector.end());
  if (!l2_normalize(unit)) return core::Error::invalid("an embedding is zero or not finite");
  impl_->graph.addPoint(unit.data(), label);
  ++size_;
  return core::ok();
}

std::vector<ScoredDoc> VectorIndex::search(std::span<const float> query, std::size_t k) const {
  if (query.size() != dimensions_ || size_ == 0 || k == 0) return {};
  std::vector<float> unit(query.begin(), query.end());
  if (!l2_normalize(unit)) return {};
  k = std::min(k, size_);
  // hnswlib searches with max(ef, k) candidates.
  auto queue = impl_->graph.searchKnn(unit.data(), k);
  std::vector<ScoredDoc> out(queue.size());
  for (std::size_t i = queue.size(); i-- > 0;) {  // the queue pops the farthest first
    const auto [distance, label] = queue.top();
    queue.pop();
    out[i] = {static_cast<std::size_t>(label), 1.0 - static_cast<double>(distance)};
  }
  return out;
}

}  // namespace ovos::agents::knowledge
