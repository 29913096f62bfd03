#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "agents/knowledge/bm25_index.h"
#include "core/result.h"

namespace ovos::agents::knowledge {

/// Scales `values` to unit length in place; false (values untouched) when it has a NaN or an
/// infinity or is all zeros.
[[nodiscard]] bool l2_normalize(std::span<float> values);

/// Approximate nearest neighbours by cosine similarity: an HNSW graph (hnswlib) over
/// L2-normalized vectors with inner-product distance. Filled by one thread, then read-only:
/// search() is safe from many threads at once. Owns its vectors and graph.
class VectorIndex {
 public:
  /// Graph and search settings (hnswlib's M, ef_construction, ef).
  struct Options {
    std::size_t m = 16;
    std::size_t ef_construction = 100;
    std::size_t ef_search = 64;  // at least k is used
  };

  /// An empty index for up to `capacity` vectors of `dimensions` values.
  VectorIndex(std::size_t dimensions, std::size_t capacity, Options options);
  VectorIndex(std::size_t dimensions, std::size_t capacity);
  ~VectorIndex();
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  /// Adds `vector` (normalized here) under `label`. kInvalidArgument for a wrong dimension, a
  /// zero or non-finite vector, or a full index.
  [[nodiscard]] core::Result<void> add(std::size_t label, std::span<const float> vector);

  /// The `k` labels most similar to `query`, best first, scored by cosine similarity in
  /// [-1, 1]. Empty for a query of the wrong dimension or a zero one.
  [[nodiscard]] std::vector<ScoredDoc> search(std::span<const float> query, std::size_t k) const;

  [[nodiscard]] std::size_t dimensions() const { return dimensions_; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Impl;
  std::size_t dimensions_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  Options options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ovos::agents::knowledge
