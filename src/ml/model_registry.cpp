#include "marketbench/ml/model_registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "marketbench/ml/model_file.hpp"

namespace marketbench::ml {

// A model, once it is there. `model` is written once, under load_mutex,
// before `ready` is set (release); readers that see `ready` (acquire) read it
// without a lock.
struct ModelRegistry::Slot {
  std::filesystem::path file;  // empty for a model registered in memory
  std::mutex load_mutex;
  std::atomic<bool> ready{false};
  std::shared_ptr<const Mlp> model;
};

ModelRegistry::ModelRegistry() { publish(std::make_unique<const SlotMap>()); }

ModelRegistry::ModelRegistry(std::filesystem::path directory)
    : ModelRegistry() {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw std::invalid_argument(
        fmt::format("ModelRegistry: model directory '{}' is not a directory",
                    directory.string()));
  }
  directory_ = std::move(directory);
}

ModelRegistry::~ModelRegistry() = default;

bool ModelRegistry::valid_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

namespace {
void require_valid_name(std::string_view name) {
  if (!ModelRegistry::valid_name(name)) {
    throw std::invalid_argument(
        fmt::format("ModelRegistry: invalid model name '{}' (1..128 of "
                    "[A-Za-z0-9_.-], not starting with '.')",
                    name));
  }
}
}  // namespace

void ModelRegistry::publish(std::unique_ptr<const SlotMap> next) const {
  current_.store(next.get(), std::memory_order_release);
  versions_.push_back(std::move(next));
}

void ModelRegistry::add(std::string name, Mlp model) {
  require_valid_name(name);
  auto slot = std::make_shared<Slot>();
  slot->model = std::make_shared<const Mlp>(std::move(model));
  slot->ready.store(
      true,
      std::memory_order_relaxed);  // published by the map's release store below
  std::lock_guard<std::mutex> lock(write_mutex_);
  const SlotMap* current = current_.load(std::memory_order_relaxed);
  if (current->contains(name)) {
    throw std::invalid_argument(fmt::format(
        "ModelRegistry: a model named '{}' is already registered or loaded",
        name));
  }
  auto next = std::make_unique<SlotMap>(*current);
  next->emplace(std::move(name), std::move(slot));
  publish(std::move(next));
}

ModelRegistry::Slot& ModelRegistry::file_slot(std::string_view name) const {
  require_valid_name(name);
  std::lock_guard<std::mutex> lock(write_mutex_);
  const SlotMap* current = current_.load(std::memory_order_relaxed);
  if (auto it = current->find(name); it != current->end())
    return *it->second;  // another thread made it
  std::filesystem::path file;
  std::error_code ec;
  if (directory_)
    file = *directory_ / (std::string(name) + std::string(kModelFileExtension));
  if (!directory_ || !std::filesystem::exists(file, ec)) {
    throw std::out_of_range(
        directory_
            ? fmt::format("ModelRegistry: no model named '{}' (not registered, "
                          "no file '{}')",
                          name, file.string())
            : fmt::format("ModelRegistry: no model named '{}' (not registered)",
                          name));
  }
  auto slot = std::make_shared<Slot>();
  slot->file = std::move(file);
  Slot& result = *slot;
  auto next = std::make_unique<SlotMap>(*current);
  next->emplace(std::string(name), std::move(slot));
  publish(std::move(next));
  return result;
}

std::shared_ptr<const Mlp> ModelRegistry::get(std::string_view name) const {
  const SlotMap* map = current_.load(std::memory_order_acquire);
  const auto it = map->find(name);
  Slot& slot = it != map->end() ? *it->second : file_slot(name);
  if (slot.ready.load(std::memory_order_acquire)) return slot.model;

  std::lock_guard<std::mutex> lock(slot.load_mutex);
  if (!slot.ready.load(std::memory_order_relaxed)) {
    // A throw leaves the slot empty, so a later get() reads the file again.
    slot.model = std::make_shared<const Mlp>(load_model(slot.file));
    file_loads_.fetch_add(1, std::memory_order_relaxed);
    slot.ready.store(true, std::memory_order_release);
  }
  return slot.model;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& entry : *current_.load(std::memory_order_acquire))
    names.push_back(entry.first);
  if (directory_) {
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(*directory_, ec)) {
      const std::filesystem::path& path = entry.path();
      if (path.extension() != kModelFileExtension) continue;
      std::string stem = path.stem().string();
      if (valid_name(stem)) names.push_back(std::move(stem));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::size_t ModelRegistry::cached_count() const {
  const SlotMap* map = current_.load(std::memory_order_acquire);
  return static_cast<std::size_t>(
      std::count_if(map->begin(), map->end(), [](const auto& entry) {
        return entry.second->ready.load(std::memory_order_acquire);
      }));
}

std::size_t ModelRegistry::file_loads() const {
  return file_loads_.load(std::memory_order_relaxed);
}

}  // namespace marketbench::ml
