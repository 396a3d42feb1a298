import Foundation
import LegalCore
import Testing
import WorkCalendar

// The expected calendar, worked out BY HAND from the law (docs/acts.md, "The calendar's facts,
// 2015–2026"; 2027 from docs/sources-research.md §8) with a weekday calendar at hand — not copied from the engine:
//
// * holidays of Law No. 267-II Art. 5 by period: 1–2 Jan, 7 Jan, 8 Mar, 21–23 Mar, 1 May, 7 May, 9 May,
//   6 Jul, 30 Aug (not in 2026: Rasim's data, UNCONFIRMED), 15 Mar (Constitution Day of the 2026 Constitution,
//   from 1 July 2026, so first in 2027), 25 Oct (from 2022), 1 Dec (2012–2021),
//   16–17 Dec (16 Dec only from 2022), first day of Kurban Ait;
// * the weekend rule: a holiday on Sat/Sun gives the next working day off, skipping days already off,
//   in date order; Orthodox Christmas (7 Jan) and Kurban Ait never move;
// * the decrees' moved days (a weekend day becomes working, a weekday becomes a day off).
//
// For each year: every Monday–Friday that is NOT a working day, and every Saturday/Sunday that IS one.

struct ExpectedYear: Sendable {
    let nonWorkingWeekdays: Set<String>
    let workingWeekendDays: Set<String>
}

let expectedCalendar: [Int: ExpectedYear] = [
    // 2015: 8 Mar Sun → Mon 9 Mar; 21 Mar Sat → Tue 24 Mar, 22 Mar Sun → Wed 25 Mar (23 Mar Mon is itself a
    // holiday); 9 May Sat → Mon 11 May; 30 Aug Sun → Mon 31 Aug. Kurban Ait Thu 24 Sep. No decree.
    2015: ExpectedYear(nonWorkingWeekdays: [
        "2015-01-01", "2015-01-02", "2015-01-07", "2015-03-09", "2015-03-23", "2015-03-24", "2015-03-25",
        "2015-05-01", "2015-05-07", "2015-05-11", "2015-07-06", "2015-08-31", "2015-09-24", "2015-12-01",
        "2015-12-16", "2015-12-17",
    ], workingWeekendDays: []),
    // 2016: 2 Jan Sat → Mon 4 Jan; 1 May Sun → Mon 2 May; 7 May Sat → Tue 10 May (Mon 9 May is Victory Day);
    // 17 Dec Sat → Mon 19 Dec. Kurban Ait Mon 12 Sep. Decree P1600000067: Sat 5 Mar → Mon 7 Mar.
    2016: ExpectedYear(nonWorkingWeekdays: [
        "2016-01-01", "2016-01-04", "2016-01-07", "2016-03-07", "2016-03-08", "2016-03-21", "2016-03-22",
        "2016-03-23", "2016-05-02", "2016-05-09", "2016-05-10", "2016-07-06", "2016-08-30", "2016-09-12",
        "2016-12-01", "2016-12-16", "2016-12-19",
    ], workingWeekendDays: ["2016-03-05"]),
    // 2017: 1 Jan Sun → Tue 3 Jan (Mon 2 Jan is a holiday); 7 Jan Sat does not move; 7 May Sun → Mon 8 May;
    // 16 Dec Sat → Mon 18 Dec, 17 Dec Sun → Tue 19 Dec. Kurban Ait Fri 1 Sep.
    // Decree P1700000005: Sat 18 Mar → Mon 20 Mar; Sat 1 Jul → Fri 7 Jul.
    2017: ExpectedYear(nonWorkingWeekdays: [
        "2017-01-02", "2017-01-03", "2017-03-08", "2017-03-20", "2017-03-21", "2017-03-22", "2017-03-23",
        "2017-05-01", "2017-05-08", "2017-05-09", "2017-07-06", "2017-07-07", "2017-08-30", "2017-09-01",
        "2017-12-01", "2017-12-18", "2017-12-19",
    ], workingWeekendDays: ["2017-03-18", "2017-07-01"]),
    // 2018: 7 Jan Sun does not move; 1 Dec Sat → Mon 3 Dec; 16 Dec Sun → Tue 18 Dec (Mon 17 Dec is a
    // holiday). Kurban Ait Tue 21 Aug. Decree P1700000864: Sat 3 Mar → Fri 9 Mar; Sat 28 Apr → Mon 30 Apr;
    // Sat 5 May → Tue 8 May; Sat 25 Aug → Fri 31 Aug; Sat 29 Dec → Mon 31 Dec.
    2018: ExpectedYear(nonWorkingWeekdays: [
        "2018-01-01", "2018-01-02", "2018-03-08", "2018-03-09", "2018-03-21", "2018-03-22", "2018-03-23",
        "2018-04-30", "2018-05-01", "2018-05-07", "2018-05-08", "2018-05-09", "2018-07-06", "2018-08-21",
        "2018-08-30", "2018-08-31", "2018-12-03", "2018-12-17", "2018-12-18", "2018-12-31",
    ], workingWeekendDays: ["2018-03-03", "2018-04-28", "2018-05-05", "2018-08-25", "2018-12-29"]),
    // 2019: 23 Mar Sat → Mon 25 Mar; 6 Jul Sat → Mon 8 Jul; Kurban Ait Sun 11 Aug does not move;
    // 1 Dec Sun → Mon 2 Dec. Decree P1800000888 (per docs/acts.md; see docs/sources-research.md §7, not
    // verified): Sat 4 May → Fri 10 May.
    2019: ExpectedYear(nonWorkingWeekdays: [
        "2019-01-01", "2019-01-02", "2019-01-07", "2019-03-08", "2019-03-21", "2019-03-22", "2019-03-25",
        "2019-05-01", "2019-05-07", "2019-05-09", "2019-05-10", "2019-07-08", "2019-08-30", "2019-12-02",
        "2019-12-16", "2019-12-17",
    ], workingWeekendDays: ["2019-05-04"]),
    // 2020: 8 Mar Sun → Mon 9 Mar; 21 Mar Sat → Tue 24 Mar, 22 Mar Sun → Wed 25 Mar; 9 May Sat → Mon 11 May,
    // which decree P1900000820 moves to Fri 8 May (so Mon 11 May is working); 30 Aug Sun → Mon 31 Aug.
    // Kurban Ait Fri 31 Jul. Decree also: Sun 5 Jan → Fri 3 Jan; Sun 20 Dec → Fri 18 Dec.
    2020: ExpectedYear(nonWorkingWeekdays: [
        "2020-01-01", "2020-01-02", "2020-01-03", "2020-01-07", "2020-03-09", "2020-03-23", "2020-03-24",
        "2020-03-25", "2020-05-01", "2020-05-07", "2020-05-08", "2020-07-06", "2020-07-31", "2020-08-31",
        "2020-12-01", "2020-12-16", "2020-12-17", "2020-12-18",
    ], workingWeekendDays: ["2020-01-05", "2020-12-20"]),
    // 2021: 2 Jan Sat → Mon 4 Jan; 21 Mar Sun → Wed 24 Mar (22, 23 Mar are holidays); 1 May Sat → Mon 3 May;
    // 9 May Sun → Mon 10 May. Kurban Ait Tue 20 Jul. Decree P2000000930: Sat 3 Jul → Mon 5 Jul.
    2021: ExpectedYear(nonWorkingWeekdays: [
        "2021-01-01", "2021-01-04", "2021-01-07", "2021-03-08", "2021-03-22", "2021-03-23", "2021-03-24",
        "2021-05-03", "2021-05-07", "2021-05-10", "2021-07-05", "2021-07-06", "2021-07-20", "2021-08-30",
        "2021-12-01", "2021-12-16", "2021-12-17",
    ], workingWeekendDays: ["2021-07-03"]),
    // 2022: 1 Jan Sat → Mon 3 Jan, 2 Jan Sun → Tue 4 Jan; 1 May Sun → Mon 2 May; 7 May Sat → Tue 10 May
    // (Mon 9 May is Victory Day); Kurban Ait Sat 9 Jul does not move; 25 Oct Tue (restored); 1 Dec no longer
    // a holiday; 16 Dec Fri only (17 Dec Sat is no holiday, so Mon 19 Dec is working — UNCONFIRMED).
    // Decree No. 713 (P2100000713): Sat 5 Mar → Mon 7 Mar; Sat 27 Aug → Mon 29 Aug; its amendment
    // P2200000796: Sat 22 Oct → Mon 24 Oct.
    2022: ExpectedYear(nonWorkingWeekdays: [
        "2022-01-03", "2022-01-04", "2022-01-07", "2022-03-07", "2022-03-08", "2022-03-21", "2022-03-22",
        "2022-03-23", "2022-05-02", "2022-05-09", "2022-05-10", "2022-07-06", "2022-08-29", "2022-08-30",
        "2022-10-24", "2022-10-25", "2022-12-16",
    ], workingWeekendDays: ["2022-03-05", "2022-08-27", "2022-10-22"]),
    // 2023: 1 Jan Sun → Tue 3 Jan (Mon 2 Jan is a holiday); 7 Jan Sat does not move; 7 May Sun → Mon 8 May;
    // 16 Dec Sat → Mon 18 Dec. Kurban Ait Wed 28 Jun. Decree P2300000326: Sat 1 Jul → Fri 7 Jul.
    2023: ExpectedYear(nonWorkingWeekdays: [
        "2023-01-02", "2023-01-03", "2023-03-08", "2023-03-21", "2023-03-22", "2023-03-23", "2023-05-01",
        "2023-05-08", "2023-05-09", "2023-06-28", "2023-07-06", "2023-07-07", "2023-08-30", "2023-10-25",
        "2023-12-18",
    ], workingWeekendDays: ["2023-07-01"]),
    // 2024: 7 Jan Sun does not move; 23 Mar Sat → Mon 25 Mar; Kurban Ait Sun 16 Jun does not move;
    // 6 Jul Sat → Mon 8 Jul. Order G24G0000109: Sat 4 May → Wed 8 May.
    2024: ExpectedYear(nonWorkingWeekdays: [
        "2024-01-01", "2024-01-02", "2024-03-08", "2024-03-21", "2024-03-22", "2024-03-25", "2024-05-01",
        "2024-05-07", "2024-05-08", "2024-05-09", "2024-07-08", "2024-08-30", "2024-10-25", "2024-12-16",
    ], workingWeekendDays: ["2024-05-04"]),
    // 2025: 8 Mar Sat → Mon 10 Mar; 22 Mar Sat → Mon 24 Mar, 23 Mar Sun → Tue 25 Mar; 6 Jul Sun → Mon 7 Jul;
    // 30 Aug Sat → Mon 1 Sep; 25 Oct Sat → Mon 27 Oct. Kurban Ait Fri 6 Jun.
    // Order G24G0000436: Sun 5 Jan → Fri 3 Jan.
    2025: ExpectedYear(nonWorkingWeekdays: [
        "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-03-10", "2025-03-21", "2025-03-24",
        "2025-03-25", "2025-05-01", "2025-05-07", "2025-05-09", "2025-06-06", "2025-07-07", "2025-09-01",
        "2025-10-27", "2025-12-16",
    ], workingWeekendDays: ["2025-01-05"]),
    // 2026: 8 Mar Sun → Mon 9 Mar; 21 Mar Sat → Tue 24 Mar, 22 Mar Sun → Wed 25 Mar; 9 May Sat → Mon 11 May;
    // Kurban Ait Wed 27 May; 30 Aug Sun is NOT a holiday per Rasim's data (so Mon 31 Aug is working —
    // UNCONFIRMED); 25 Oct Sun → Mon 26 Oct. No transfer act known.
    2026: ExpectedYear(nonWorkingWeekdays: [
        "2026-01-01", "2026-01-02", "2026-01-07", "2026-03-09", "2026-03-23", "2026-03-24", "2026-03-25",
        "2026-05-01", "2026-05-07", "2026-05-11", "2026-05-27", "2026-07-06", "2026-10-26", "2026-12-16",
    ], workingWeekendDays: []),
    // 2027: 2 Jan Sat → Mon 4 Jan; 15 Mar Mon (Constitution Day, new); 21 Mar Sun → Wed 24 Mar (22–23 Mar are
    // holidays already); 1 May Sat → Mon 3 May; 9 May Sun → Mon 10 May; Kurban Ait Sun 16 May (UNCONFIRMED
    // date; never moves). No transfer act known (UNCONFIRMED: 2021, with the same weekdays, moved 3 Jul → 5 Jul).
    2027: ExpectedYear(nonWorkingWeekdays: [
        "2027-01-01", "2027-01-04", "2027-01-07", "2027-03-08", "2027-03-15", "2027-03-22", "2027-03-23",
        "2027-03-24", "2027-05-03", "2027-05-07", "2027-05-10", "2027-07-06", "2027-10-25", "2027-12-16",
    ], workingWeekendDays: []),
]

/// The law's holidays by period (Law No. 267-II Art. 5 and its amendments, per docs/acts.md), and Kurban Ait:
/// a non-working weekday on one of these dates is a `holiday`, any other non-working weekday a `day_off`.
let lawHolidays: [(monthDay: String, from: Int, through: Int)] = [
    ("01-01", 2015, 2027), ("01-02", 2015, 2027), ("01-07", 2015, 2027), ("03-08", 2015, 2027),
    ("03-15", 2027, 2027), ("03-21", 2015, 2027), ("03-22", 2015, 2027), ("03-23", 2015, 2027),
    ("05-01", 2015, 2027), ("05-07", 2015, 2027), ("05-09", 2015, 2027), ("07-06", 2015, 2027),
    ("08-30", 2015, 2025), ("10-25", 2022, 2027), ("12-01", 2015, 2021), ("12-16", 2015, 2027),
    ("12-17", 2015, 2021),
]
let kurbanAitFirstDay: [Int: String] = [
    2015: "2015-09-24", 2016: "2016-09-12", 2017: "2017-09-01", 2018: "2018-08-21", 2019: "2019-08-11",
    2020: "2020-07-31", 2021: "2021-07-20", 2022: "2022-07-09", 2023: "2023-06-28", 2024: "2024-06-16",
    2025: "2025-06-06", 2026: "2026-05-27", 2027: "2027-05-16",
]

func isLawHoliday(_ d: LocalDate) -> Bool {
    let s = d.description, md = String(s.dropFirst(5))
    if kurbanAitFirstDay[d.year] == s { return true }
    return lawHolidays.contains { $0.monthDay == md && ($0.from...$0.through).contains(d.year) }
}

/// Whether a date is a working day according to the hand-written table.
func expectedWorking(_ d: LocalDate) -> Bool {
    guard let y = expectedCalendar[d.year] else { preconditionFailure("no expected table for \(d.year)") }
    return d.isWeekend ? y.workingWeekendDays.contains(d.description) : !y.nonWorkingWeekdays.contains(d.description)
}

@Suite("The calendar year by year against the hand-written table")
struct ExpectedCalendarTests {
    @Test("the table itself is sane: weekdays and weekend days where they belong", arguments: 2015...2027)
    func tableIsWellFormed(year: Int) throws {
        let y = try #require(expectedCalendar[year])
        for s in y.nonWorkingWeekdays {
            let d = try #require(LocalDate(s))
            #expect(d.year == year && !d.isWeekend, "\(s) in the non-working weekdays of \(year)")
        }
        for s in y.workingWeekendDays {
            let d = try #require(LocalDate(s))
            #expect(d.year == year && d.isWeekend, "\(s) in the working weekend days of \(year)")
        }
    }

    @Test("non-working weekdays and working weekend days equal the table", arguments: 2015...2027)
    func yearMatchesTable(year: Int) throws {
        let cal = try loadCalendar()
        let y = try #require(expectedCalendar[year])
        let special = try cal.specialDays(year: year)
        let nonWorking = special.filter { !$0.date.isWeekend && !$0.isWorkingDay }
        let workingWeekend = special.filter { $0.date.isWeekend && $0.isWorkingDay }

        let gotNonWorking = Set(nonWorking.map(\.date.description))
        let gotWorking = Set(workingWeekend.map(\.date.description))
        #expect(gotNonWorking.subtracting(y.nonWorkingWeekdays).sorted() == [], "non-working in Rasim, working by law")
        #expect(y.nonWorkingWeekdays.subtracting(gotNonWorking).sorted() == [], "working in Rasim, non-working by law")
        #expect(gotWorking.subtracting(y.workingWeekendDays).sorted() == [], "working weekend days Rasim has and the law not")
        #expect(y.workingWeekendDays.subtracting(gotWorking).sorted() == [], "working weekend days the law has and Rasim not")

        for e in nonWorking + workingWeekend {
            #expect(!(e.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "\(e.date) has no source")
            #expect(e.name != nil, "\(e.date) has no name")
        }
        for e in nonWorking {
            let kind: DayInfo.Kind = isLawHoliday(e.date) ? .holiday : .dayOff
            #expect(e.kind == kind, "\(e.date): kind")
        }
        for e in workingWeekend { #expect(e.kind == .workingWeekendDay, "\(e.date): kind") }
        // Entries are in date order and inside the year.
        #expect(special.map(\.date) == special.map(\.date).sorted())
        #expect(special.allSatisfy { $0.date.year == year })
    }

    @Test("isWorkingDay and dayInfo agree with the table on every day of the year", arguments: 2015...2027)
    func everyDayOfTheYear(year: Int) throws {
        let cal = try loadCalendar()
        var wrong: [String] = []
        for d in datesOf(year: year) {
            let working = try cal.isWorkingDay(d)
            if working != expectedWorking(d) { wrong.append("\(d) → \(working)") }
            let info = try cal.dayInfo(d)
            #expect(info.isWorkingDay == working, "\(d): dayInfo disagrees with isWorkingDay")
            #expect(info.date == d)
        }
        #expect(wrong == [])
    }

    @Test("the number of working days per year follows from the table", arguments: 2015...2027)
    func workingDaysPerYear(year: Int) throws {
        let cal = try loadCalendar()
        let y = try #require(expectedCalendar[year])
        let weekdays = datesOf(year: year).filter { !$0.isWeekend }.count
        let expected = weekdays - y.nonWorkingWeekdays.count + y.workingWeekendDays.count
        // Working days d with Jan 1 ≤ d ≤ Dec 31 = between(Jan 1, Dec 31) + (Jan 1 working ? 1 : 0).
        let jan1 = LocalDate(year: year, month: 1, day: 1)!, dec31 = LocalDate(year: year, month: 12, day: 31)!
        let got = try cal.workingDaysBetween(jan1, dec31) + (try cal.isWorkingDay(jan1) ? 1 : 0)
        #expect(got == expected)
    }
}

@Suite("The weekend rule and its exceptions")
struct WeekendRuleTests {
    @Test("Kurban Ait on a weekend moves nothing", arguments: [
        ("2019-08-11", "2019-08-12"), ("2022-07-09", "2022-07-11"), ("2024-06-16", "2024-06-17"),
    ])
    func kurbanAitOnWeekend(holiday: String, monday: String) throws {
        let cal = try loadCalendar()
        let h = try cal.dayInfo(day(holiday))
        #expect(h.date.isWeekend)
        #expect(h.kind == .holiday)
        #expect(h.name?.en.contains("Kurban") == true)
        #expect(try cal.isWorkingDay(day(monday)))
        #expect(try cal.dayInfo(day(monday)).kind == .workday)
    }

    @Test("Orthodox Christmas on a weekend moves nothing", arguments: [
        ("2017-01-07", "2017-01-09"), ("2018-01-07", "2018-01-08"), ("2023-01-07", "2023-01-09"),
    ])
    func christmasOnWeekend(holiday: String, monday: String) throws {
        let cal = try loadCalendar()
        let h = try cal.dayInfo(day(holiday))
        #expect(h.date.isWeekend)
        #expect(h.kind == .holiday)
        #expect(try cal.isWorkingDay(day(monday)))
        #expect(try cal.dayInfo(day(monday)).kind == .workday)
    }

    @Test("no observed day off anywhere is named after Christmas or Kurban Ait")
    func noObservedReligiousDays() throws {
        let cal = try loadCalendar()
        for year in 2015...2027 {
            for e in try cal.specialDays(year: year) where e.kind == .dayOff {
                let en = e.name?.en ?? ""
                #expect(!en.contains("Christmas") && !en.contains("Kurban"), "\(e.date): \(en)")
            }
        }
    }

    @Test("consecutive weekend holidays take consecutive days off", arguments: [
        // (weekend holidays, the days off they give, the first working day after)
        (["2025-03-22", "2025-03-23"], ["2025-03-24", "2025-03-25"], "2025-03-26"),
        (["2017-12-16", "2017-12-17"], ["2017-12-18", "2017-12-19"], "2017-12-20"),
        (["2015-03-21", "2015-03-22"], ["2015-03-24", "2015-03-25"], "2015-03-26"),
        (["2022-01-01", "2022-01-02"], ["2022-01-03", "2022-01-04"], "2022-01-05"),
    ])
    func consecutive(holidays: [String], daysOff: [String], next: String) throws {
        let cal = try loadCalendar()
        for h in holidays { #expect(try cal.dayInfo(day(h)).kind == .holiday, "\(h)") }
        for (h, o) in zip(holidays, daysOff) {
            let info = try cal.dayInfo(day(o))
            #expect(info.kind == .dayOff, "\(o)")
            #expect(info.name?.en.contains(h) == true, "\(o) should name the holiday of \(h): \(info.name?.en ?? "nil")")
        }
        #expect(try cal.isWorkingDay(day(next)))
    }

    @Test("17 December is a holiday until 2021 only, 1 December 2012–2021 only, 25 October from 2022")
    func holidaysByPeriod() throws {
        let cal = try loadCalendar()
        #expect(try cal.dayInfo(day("2021-12-17")).kind == .holiday)       // Friday
        #expect(try cal.dayInfo(day("2022-12-17")).kind == .weekend)       // Saturday, no longer a holiday
        #expect(try cal.isWorkingDay(day("2022-12-19")))                   // so no day off on Monday
        #expect(try cal.isWorkingDay(day("2023-12-19")))                   // Tuesday after 16 Dec (Sat) → 18 Dec
        #expect(try cal.dayInfo(day("2021-12-01")).kind == .holiday)       // Wednesday
        #expect(try cal.dayInfo(day("2022-12-01")).kind == .workday)       // Thursday, no longer a holiday
        #expect(try cal.dayInfo(day("2021-10-25")).kind == .workday)       // Monday, not yet restored
        #expect(try cal.dayInfo(day("2022-10-25")).kind == .holiday)       // Tuesday
        #expect(try cal.dayInfo(day("2025-08-29")).kind == .workday)
        #expect(try cal.dayInfo(day("2025-09-01")).kind == .dayOff)        // 30 Aug 2025 (Sat) observed
    }

    @Test("30 August 2026 is not a holiday, and both it and 31 August are marked unconfirmed")
    func constitutionDay2026() throws {
        let cal = try loadCalendar()
        let sun = try cal.dayInfo(day("2026-08-30")), mon = try cal.dayInfo(day("2026-08-31"))
        #expect(sun.kind == .weekend)
        #expect(mon.kind == .workday)
        #expect(try cal.isWorkingDay(day("2026-08-31")))
        #expect(!sun.confirmed && !mon.confirmed)
        #expect(sun.note?.isEmpty == false && mon.note?.isEmpty == false)
        #expect(sun.source?.isEmpty == false && mon.source?.isEmpty == false)
        #expect(try cal.dayInfo(day("2022-12-19")).confirmed == false)
        #expect(try cal.dayInfo(day("2025-03-24")).confirmed == true)
    }
}
