#include "marketbench/pipeline/deployment.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace marketbench::pipeline {

namespace {

const DeploymentConfig& validated(const DeploymentConfig& config) {
  if (config.stocks == 0 || config.history_days == 0 ||
      config.lookahead_days == 0) {
    throw std::invalid_argument(fmt::format(
        "DeploymentConfig: stocks ({}), history_days ({}) and lookahead_days "
        "({}) must be >= 1",
        config.stocks, config.history_days, config.lookahead_days));
  }
  return config;
}

recommend::MarketData engine_data(const market::PriceStore& prices,
                                  const market::Market& feed) {
  recommend::MarketData data;
  data.prices = &prices;
  data.symbols.assign(feed.symbols().begin(), feed.symbols().end());
  return data;
}

ml::ModelRegistry make_registry(const DeploymentConfig& config) {
  if (config.model_directory.empty()) return ml::ModelRegistry();
  return ml::ModelRegistry(config.model_directory);
}

std::shared_ptr<const ml::Mlp> load_model(ml::ModelRegistry& registry,
                                          const DeploymentConfig& config) {
  if (config.model_directory.empty()) {
    registry.add(config.pipeline.model_name,
                 ml::Mlp::random(config.model_seed));
  }
  return registry.get(config.pipeline.model_name);
}

std::size_t cache_capacity(const DeploymentConfig& config) {
  return config.prediction_cache_capacity != 0
             ? config.prediction_cache_capacity
             : 3 * config.stocks;
}

}  // namespace

Deployment::Deployment(const DeploymentConfig& config)
    : config_(validated(config)),
      generator_(config_.stocks, config_.market_seed, config_.market_process),
      feed_(generator_.generate(config_.history_days + config_.lookahead_days)),
      index_(feed_.symbols()),
      prices_(config_.stocks, feed_.days()),
      registry_(make_registry(config_)),
      model_(load_model(registry_, config_)),
      predictions_(cache_capacity(config_), config_.prediction_cache_shards),
      engine_(engine_data(prices_, feed_), model_, config_.model_id,
              predictions_, config_.engine),
      database_(config_.database_path),
      board_(config_.top_k_cache_capacity),
      pipeline_(PipelineComponents{&feed_, &index_, &prices_, &engine_,
                                   &predictions_, &database_, &board_},
                config_.pipeline) {
  for (std::size_t d = 0; d < config_.history_days; ++d) {
    prices_.append_day(feed_.day(d));
  }
}

void Deployment::extend_feed() {
  if (feed_ready()) return;
  const std::size_t target = prices_.days() + config_.lookahead_days;
  feed_.reserve_days(target);
  while (feed_.days() < target) feed_.append_day(generator_.next_day());
  prices_.reserve_days(feed_.days());
}

PipelineReport Deployment::run_next_day() {
  extend_feed();
  return pipeline_.run_next_day();
}

}  // namespace marketbench::pipeline
