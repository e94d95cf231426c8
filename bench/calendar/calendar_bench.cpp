// Deadline computation cost on the China calendar (target: at most 2 µs per deadline). Start instants are spread
// over a year of calendar (2026, with the Spring Festival and National Day), amounts up to a year of work.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <vector>

#include "domain/calendar/china_calendar.hpp"
#include "domain/calendar/sla_clock.hpp"
#include "domain/calendar/sla_planner.hpp"

namespace {

using namespace kesu::domain;
using namespace std::chrono_literals;

constexpr std::size_t kSamples = 4096;

const WorkingCalendar& China() {
    static const WorkingCalendar calendar = ChinaDefaultWorkingCalendar();
    return calendar;
}

// Random minutes in 2026, Beijing time.
std::vector<Instant> StartsIn2026() {
    std::mt19937_64 random(2026);
    std::uniform_int_distribution<long> minute(0, 365L * 24 * 60 - 1);
    Instant first = Instant{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}} - 8h;
    std::vector<Instant> starts(kSamples);
    for (Instant& start : starts) start = first + std::chrono::minutes{minute(random)};
    return starts;
}

template <class T>
std::vector<T> Uniform(T low, T high) {
    std::mt19937_64 random(7);
    std::uniform_int_distribution<T> pick(low, high);
    std::vector<T> values(kSamples);
    for (T& value : values) value = pick(random);
    return values;
}

void BM_AddWorkingTime(benchmark::State& state) {
    auto starts = StartsIn2026();
    auto minutes = Uniform<long>(1, 250L * 450);  // up to a year of working days of 7.5 h
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(China().AddWorkingTime(starts[i], std::chrono::minutes{minutes[i]}));
        i = (i + 1) % kSamples;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingTime);

void BM_AddWorkingDays(benchmark::State& state) {
    auto starts = StartsIn2026();
    auto days = Uniform<int>(1, 250);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(China().AddWorkingDays(starts[i], days[i]));
        i = (i + 1) % kSamples;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays);

void BM_WorkingTimeBetween(benchmark::State& state) {
    auto starts = StartsIn2026();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(China().WorkingTimeBetween(starts[i], starts[(i + 1) % kSamples]));
        i = (i + 1) % kSamples;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WorkingTimeBetween);

// A paused-and-resumed clock's deadline, replayed from its history (what ResumeClock and ChangeLimit do).
void BM_RecomputeDueWithPause(benchmark::State& state) {
    auto starts = StartsIn2026();
    const SlaPolicy policy = DefaultSlaPolicy();
    const SlaRule& rule = *FindRule(policy, "default.complete_reply");
    std::vector<SlaClock> clocks;
    for (Instant start : starts) {
        SlaClock clock = StartClock(rule, China(), start);
        clock = *PauseClock(clock, China(), start + 26h, "");
        clock = *ResumeClock(clock, China(), start + 75h);
        clocks.push_back(clock);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(RecomputeDue(clocks[i], China()));
        i = (i + 1) % kSamples;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecomputeDueWithPause);

// Every clock of a new complaint under the default policy (3 deadlines, plus selection and allocation).
void BM_PlanClocksOnReceipt(benchmark::State& state) {
    auto starts = StartsIn2026();
    const SlaPolicy policy = DefaultSlaPolicy();
    std::size_t i = 0;
    for (auto _ : state) {
        SlaFacts facts;
        facts.received_at = starts[i];
        benchmark::DoNotOptimize(PlanClocks(policy, China(), facts, {}, facts.received_at));
        i = (i + 1) % kSamples;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlanClocksOnReceipt);

void BM_BuildChinaCalendar(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(ChinaDefaultWorkingCalendar());
}
BENCHMARK(BM_BuildChinaCalendar);

}  // namespace

BENCHMARK_MAIN();
