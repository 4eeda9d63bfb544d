// Time-of-use tariff: local peak window across DST and weekends, cost, JSON round trip.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/error.h"
#include "models/tariff.h"

namespace twinbench {
namespace {

// 2026-03-29 is the spring-forward Sunday in Europe/Berlin; 2026-03-30 (Monday) is CEST
// (UTC+2), 2026-03-27 (Friday) CET (UTC+1).
constexpr double fri_0000_utc = 1774569600.0;  // 2026-03-27T00:00Z
constexpr double mon_0000_utc = 1774828800.0;  // 2026-03-30T00:00Z
constexpr double hour = 3600.0;

TEST(Tariff, PeakWindowFollowsBerlinWallClockAcrossDst) {
    const TimeOfUseTariff t;  // 07:00-20:00 Mon-Fri, Europe/Berlin
    // Friday, CET: 07:00 local = 06:00Z.
    EXPECT_FALSE(t.is_peak(fri_0000_utc + 5 * hour + 59 * 60));
    EXPECT_TRUE(t.is_peak(fri_0000_utc + 6 * hour));
    EXPECT_TRUE(t.is_peak(fri_0000_utc + 18 * hour + 59 * 60));
    EXPECT_FALSE(t.is_peak(fri_0000_utc + 19 * hour));
    // Monday after the switch, CEST: 07:00 local = 05:00Z, 20:00 local = 18:00Z.
    EXPECT_FALSE(t.is_peak(mon_0000_utc + 4 * hour + 59 * 60));
    EXPECT_TRUE(t.is_peak(mon_0000_utc + 5 * hour));
    EXPECT_FALSE(t.is_peak(mon_0000_utc + 18 * hour));
    EXPECT_DOUBLE_EQ(t.price_at(mon_0000_utc + 5 * hour), 0.29);
    EXPECT_DOUBLE_EQ(t.price_at(mon_0000_utc + 18 * hour), 0.19);
}

TEST(Tariff, WeekendIsOffPeakAndDstSundayHasTwentyThreeHours) {
    const TimeOfUseTariff t;
    const double sat_noon = fri_0000_utc + 24 * hour + 11 * hour;  // Saturday 12:00 CET
    EXPECT_FALSE(t.is_peak(sat_noon));
    // The DST Sunday: 2026-03-29 00:00 local = 03-28T23:00Z, next midnight = 03-29T22:00Z.
    std::vector<double> times;
    std::vector<double> kwh;
    for (double s = 1774738800.0; s < 1774821600.0; s += hour) {
        times.push_back(s);
        kwh.push_back(1.0);
    }
    EXPECT_EQ(times.size(), 23u);
    const TariffCost c = t.cost(times, kwh);
    EXPECT_DOUBLE_EQ(c.peak_kwh, 0.0);
    EXPECT_NEAR(c.total, 23 * 0.19, 1e-12);
    // With Sunday made a peak day the window still spans 13 wall-clock hours.
    TariffSettings s = t.settings();
    s.peak_days.fill(true);
    const TimeOfUseTariff all_days(s);
    EXPECT_DOUBLE_EQ(all_days.cost(times, kwh).peak_kwh, 13.0);
}

TEST(Tariff, CostSplitsPeakAndSkipsMissing) {
    const TimeOfUseTariff t;
    const TariffCost c = t.cost({mon_0000_utc + 6 * hour, mon_0000_utc + 20 * hour, mon_0000_utc, std::nan("")},
                                {2.0, 3.0, std::nan(""), 1.0});
    EXPECT_DOUBLE_EQ(c.peak_kwh, 2.0);
    EXPECT_DOUBLE_EQ(c.offpeak_kwh, 3.0);
    EXPECT_NEAR(c.total, 2.0 * 0.29 + 3.0 * 0.19, 1e-12);
    EXPECT_EQ(c.skipped, 2u);
    EXPECT_THROW(t.cost({1.0}, {}), std::invalid_argument);
}

TEST(Tariff, JsonRoundTripAndValidation) {
    TariffSettings s;
    s.time_zone = "Asia/Seoul";
    s.currency = "KRW";
    s.peak_price_per_kwh = 180.5;
    s.offpeak_price_per_kwh = 90.25;
    s.peak_start_min = 22 * 60;  // wraps over midnight
    s.peak_end_min = 6 * 60 + 30;
    s.peak_days = {{true, false, true, false, true, true, false}};
    const TimeOfUseTariff t(s);
    const auto j = to_json(t);
    EXPECT_EQ(j.at("peak_start"), "22:00");
    EXPECT_EQ(j.at("peak_end"), "06:30");
    const TimeOfUseTariff back = tariff_from_json(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(to_json(back), j);
    EXPECT_EQ(back.settings().peak_days, s.peak_days);
    // Monday 23:00 Seoul (UTC+9) = Monday 14:00Z: inside the wrapped window.
    EXPECT_TRUE(back.is_peak(mon_0000_utc + 14 * hour));
    EXPECT_FALSE(back.is_peak(mon_0000_utc + 4 * hour));  // 13:00 local

    auto bad = j;
    bad["time_zone"] = "Mars/Olympus";
    EXPECT_THROW(tariff_from_json(bad), BadInputError);
    bad = j;
    bad.erase("peak_price_per_kwh");
    EXPECT_THROW(tariff_from_json(bad), BadInputError);
    bad = j;
    bad["peak_start"] = "25:00";
    EXPECT_THROW(tariff_from_json(bad), BadInputError);
    bad = j;
    bad["peak_days"] = {"Funday"};
    EXPECT_THROW(tariff_from_json(bad), BadInputError);
}

}  // namespace
}  // namespace twinbench
