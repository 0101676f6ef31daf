// Time is an input: the host passes `now` into every call that can move
// state; the library never reads a clock.
#pragma once

#include <chrono>

namespace ikecore {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

}  // namespace ikecore
