#pragma once

// Models by name: registered in memory, or read from <directory>/<name>.mbm
// on first use and cached. Models are immutable, handed out as shared
// pointers, so a caller keeps its model alive even if it outlives the registry.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

class ModelRegistry {
 public:
  // In-memory models only.
  ModelRegistry();
  // Also serves <directory>/<name>.mbm. Throws std::invalid_argument when
  // `directory` is not a directory.
  explicit ModelRegistry(std::filesystem::path directory);

  ModelRegistry(const ModelRegistry&) = delete;
  ModelRegistry& operator=(const ModelRegistry&) = delete;
  ~ModelRegistry();

  // Registers a model under `name` (it shadows a file of the same name).
  // Throws std::invalid_argument when the name is not a valid model name or
  // is already registered or loaded.
  void add(std::string name, Mlp model);

  // The model called `name`; safe to call from any number of threads at once.
  // A file is read and validated once, by the first caller; concurrent
  // callers for the same name wait for that load; other names are not
  // blocked by it. Throws std::out_of_range for an unknown name (naming it and
  // where it looked), std::invalid_argument for an invalid name, and
  // ModelFormatError for a bad file (a later get() tries that file again).
  std::shared_ptr<const Mlp> get(std::string_view name) const;

  // Names served: registered models and the .mbm files of the directory,
  // sorted.
  std::vector<std::string> names() const;
  // Models loaded or registered so far.
  std::size_t cached_count() const;
  // How many times a model file was read and parsed (each file once, unless a
  // load failed).
  std::size_t file_loads() const;

  const std::optional<std::filesystem::path>& directory() const {
    return directory_;
  }

  // A name is 1..128 characters of [A-Za-z0-9_.-], not starting with '.':
  // it maps to a file name and can never leave the directory.
  static bool valid_name(std::string_view name);

 private:
  struct Slot;
  using SlotMap = std::map<std::string, std::shared_ptr<Slot>, std::less<>>;

  Slot& file_slot(std::string_view name) const;
  void publish(std::unique_ptr<const SlotMap> next) const;

  std::optional<std::filesystem::path> directory_;
  // Readers look names up in an immutable map published through one atomic
  // pointer (no lock, no shared counter to bounce between cores). Writers
  // copy it under write_mutex_; old versions stay alive until the registry
  // dies, since a reader may still hold one. Versions = names ever added.
  mutable std::mutex write_mutex_;
  mutable std::vector<std::unique_ptr<const SlotMap>> versions_;
  mutable std::atomic<const SlotMap*> current_{nullptr};
  mutable std::atomic<std::size_t> file_loads_{0};
};

}  // namespace marketbench::ml
