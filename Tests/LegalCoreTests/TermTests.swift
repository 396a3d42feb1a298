import Testing
@testable import LegalCore

/// A calendar written for these tests only: Monday–Friday are working days except one holiday
/// (Monday 2025-05-05); Saturday 2025-11-15 is a working weekend day; 2025-07-01 rests on an unconfirmed
/// entry. It covers 2020–2030 and refuses anything else.
struct FakeCalendar: WorkingDayCalendar {
    static let holiday = date("2025-05-05")
    static let workingSaturday = date("2025-11-15")
    static let unconfirmed = date("2025-07-01")
    let first = date("2020-01-01"), last = date("2030-12-31")

    func cover(_ d: LocalDate) throws(CalendarError) {
        guard d >= first, d <= last else { throw .notCovered(date: d.description, firstYear: 2020, lastYear: 2030) }
    }
    func isWorkingDay(_ d: LocalDate) throws(CalendarError) -> Bool {
        try cover(d)
        if d == Self.workingSaturday { return true }
        return d.isoWeekday <= 5 && d != Self.holiday
    }
    func addWorkingDays(_ d: LocalDate, _ n: Int) throws(CalendarError) -> LocalDate {
        var x = d
        if n == 0 {
            while try !isWorkingDay(x) { x = x.adding(days: 1) }
            return x
        }
        var k = 0
        while k < n { x = x.adding(days: 1); if try isWorkingDay(x) { k += 1 } }
        return x
    }
    func workingDaysBetween(_ a: LocalDate, _ b: LocalDate) throws(CalendarError) -> Int {
        if b < a { return -(try workingDaysBetween(b, a)) }
        var n = 0, x = a
        while x < b { x = x.adding(days: 1); if try isWorkingDay(x) { n += 1 } }
        return n
    }
    func dayInfo(_ d: LocalDate) throws(CalendarError) -> DayInfo {
        try cover(d)
        if d == Self.holiday { return DayInfo(date: d, kind: .holiday, name: LocalizedText(kk: "мереке", ru: "праздник", en: "Test holiday"), source: "TEST") }
        if d == Self.workingSaturday { return DayInfo(date: d, kind: .workingWeekendDay, source: "TEST") }
        let kind: DayInfo.Kind = d.isoWeekday >= 6 ? .weekend : .workday
        return DayInfo(date: d, kind: kind, confirmed: d != Self.unconfirmed)
    }
    func unconfirmedDays(from: LocalDate, through: LocalDate) throws(CalendarError) -> Int {
        try cover(from); try cover(through)
        return from <= Self.unconfirmed && Self.unconfirmed <= through ? 1 : 0
    }
}

@Suite("FixedDate.nextOccurrence")
struct FixedDateTests {
    static let halfYear = FixedDate.yearly([.init(6, 10), .init(12, 10)])

    @Test("yearly 10 June / 10 December", arguments: [
        ("2025-01-01", "2025-06-10"), ("2025-06-10", "2025-06-10"), ("2025-06-11", "2025-12-10"),
        ("2025-12-10", "2025-12-10"), ("2025-12-11", "2026-06-10"), ("2025-12-31", "2026-06-10"),
    ])
    func yearly(from: String, expected: String) {
        #expect(Self.halfYear.nextOccurrence(onOrAfter: date(from)) == date(expected))
    }

    @Test("quarter, month-after and monthly forms", arguments: [
        (FixedDate.quarterLastMonth(day: 25), "2025-02-01", "2025-03-25"),
        (.quarterLastMonth(day: 25), "2025-03-25", "2025-03-25"),
        (.quarterLastMonth(day: 25), "2025-03-26", "2025-06-25"),
        (.quarterLastMonth(day: 25), "2025-12-26", "2026-03-25"),
        (.monthAfterQuarter(day: 5), "2025-03-31", "2025-04-05"),
        (.monthAfterQuarter(day: 5), "2025-01-01", "2025-04-05"),
        (.monthAfterQuarter(day: 5), "2025-11-15", "2026-01-05"),
        (.monthAfterQuarter(day: 5), "2025-12-31", "2026-01-05"),
        (.monthAfter(day: 10), "2025-01-15", "2025-02-10"),
        (.monthAfter(day: 10), "2025-01-01", "2025-02-10"),
        (.monthAfter(day: 10), "2025-12-20", "2026-01-10"),
        (.monthly(day: 25), "2025-03-25", "2025-03-25"),
        (.monthly(day: 25), "2025-03-26", "2025-04-25"),
        (.monthly(day: 25), "2025-12-26", "2026-01-25"),
    ])
    func forms(f: FixedDate, from: String, expected: String) {
        #expect(f.nextOccurrence(onOrAfter: date(from)) == date(expected))
    }

    @Test("a day past the month's end clamps to its last day", arguments: [
        (FixedDate.monthly(day: 31), "2025-04-01", "2025-04-30"),
        (.monthly(day: 31), "2025-02-01", "2025-02-28"),
        (.monthly(day: 31), "2024-02-01", "2024-02-29"),
        (.monthly(day: 31), "2025-03-01", "2025-03-31"),
        (.monthAfter(day: 31), "2025-03-15", "2025-04-30"),
        (.quarterLastMonth(day: 31), "2025-04-01", "2025-06-30"),
        (.monthAfterQuarter(day: 31), "2025-07-01", "2025-10-31"),
        (.yearly([.init(2, 29)]), "2025-01-01", "2025-02-28"),
        (.yearly([.init(2, 29)]), "2024-01-01", "2024-02-29"),
    ])
    func clamps(f: FixedDate, from: String, expected: String) {
        #expect(f.nextOccurrence(onOrAfter: date(from)) == date(expected))
    }

    @Test("the result is never before the start day (seeded sweep)")
    func neverBefore() {
        let forms: [FixedDate] = [Self.halfYear, .monthly(day: 31), .monthAfter(day: 10), .quarterLastMonth(day: 25), .monthAfterQuarter(day: 5)]
        var d = date("2023-01-01")
        while d <= date("2026-12-31") {
            for f in forms {
                guard let r = f.nextOccurrence(onOrAfter: d) else { Issue.record("\(f) from \(d): none"); continue }
                #expect(r >= d, "\(f) from \(d) → \(r)")
                #expect(d.days(until: r) <= 184, "\(f) from \(d) → \(r)")
            }
            d = d.adding(days: 1)
        }
    }

    @Test("near the end of 9999: the last occurrences, then none (never a trap)")
    func endOfTime() {
        #expect(Self.halfYear.nextOccurrence(onOrAfter: date("9999-12-10")) == date("9999-12-10"))
        #expect(Self.halfYear.nextOccurrence(onOrAfter: date("9999-12-11")) == nil)
        #expect(FixedDate.monthAfterQuarter(day: 5).nextOccurrence(onOrAfter: date("9999-12-31")) == nil)
        #expect(FixedDate.monthly(day: 31).nextOccurrence(onOrAfter: date("9999-12-31")) == date("9999-12-31"))
        #expect(FixedDate.monthly(day: 0).nextOccurrence(onOrAfter: date("2025-02-10")) == date("2025-03-01"))
    }

    @Test("date arithmetic stops at the ends of what can be written instead of trapping")
    func arithmeticAtTheEnds() {
        #expect(date("9999-12-31").adding(days: 1) == .maximum)
        #expect(date("0001-01-01").adding(days: -1) == .minimum)
        #expect(date("2025-01-01").adding(days: .max) == .maximum)
        #expect(date("2025-01-01").adding(days: .min) == .minimum)
        #expect(date("2025-01-01").adding(days: 31) == date("2025-02-01"))
        #expect(LocalDate(dayNumber: .max).days(until: LocalDate(dayNumber: .min)) == Int(Int32.min) - Int(Int32.max))
        #expect(Instant(secondsSinceEpoch: .max).adding(seconds: 1).secondsSinceEpoch == .max)
        #expect(Term.hours(.max).dueInstant(from: Instant(secondsSinceEpoch: 0))?.secondsSinceEpoch == .max)
        #expect(!Instant(secondsSinceEpoch: .max).iso(offsetSeconds: 5 * 3600).isEmpty)
    }
}

@Suite("Term.deadline with a fake calendar")
struct TermDeadlineTests {
    let cal = FakeCalendar()

    @Test("the fake calendar itself behaves (guards the other tests)")
    func fakeSane() throws {
        #expect(try cal.isWorkingDay(date("2025-03-07")))   // Friday
        #expect(try !cal.isWorkingDay(date("2025-03-08")))  // Saturday
        #expect(try !cal.isWorkingDay(FakeCalendar.holiday))
        #expect(throws: CalendarError.self) { try cal.isWorkingDay(date("2019-12-31")) }
    }

    @Test("workingDays(3) from a Friday is the Wednesday")
    func workingFromFriday() throws {
        let dl = try Term.workingDays(3).deadline(from: date("2025-03-07"), calendar: cal)
        #expect(dl.due == date("2025-03-12"))
        #expect(dl.due.isoWeekday == 3)
        #expect(dl.start == date("2025-03-07"))
        #expect(dl.days.isEmpty) // not detailed
        #expect(dl.dueInstant == nil)
    }

    @Test("workingDays skips the holiday and counts the working Saturday")
    func workingSkipsHoliday() throws {
        #expect(try Term.workingDays(3).deadline(from: date("2025-05-02"), calendar: cal).due == date("2025-05-08"))
        #expect(try Term.workingDays(1).deadline(from: date("2025-11-14"), calendar: cal).due == date("2025-11-15"))
        #expect(try Term.workingDays(0).deadline(from: date("2025-03-08"), calendar: cal).due == date("2025-03-10"))
        #expect(try Term.workingDays(0).deadline(from: date("2025-03-07"), calendar: cal).due == date("2025-03-07"))
    }

    @Test("calendar days and тәулік ending on a Saturday move to Monday", arguments: [Term.calendarDays(10), .tauliks(10)])
    func calendarEndsSaturday(term: Term) throws {
        let dl = try term.deadline(from: date("2025-03-05"), calendar: cal) // +10 = Saturday 2025-03-15
        #expect(dl.due == date("2025-03-17"))
        #expect(dl.due.isoWeekday == 1)
        #expect(dl.conventions.contains(.startDayExcluded))
        #expect(dl.conventions.contains(.nonWorkingLastDayMoves))
        #expect(!dl.conventions.contains(.workingDaysOnly))
    }

    @Test("calendar days ending on a working day stay; on the holiday move to the next day")
    func calendarEndsWorking() throws {
        #expect(try Term.calendarDays(10).deadline(from: date("2025-03-03"), calendar: cal).due == date("2025-03-13"))
        #expect(try Term.calendarDays(3).deadline(from: date("2025-05-02"), calendar: cal).due == date("2025-05-06"))
        #expect(try Term.tauliks(1).deadline(from: date("2025-03-03"), calendar: cal).due == date("2025-03-04"))
    }

    @Test("тәулік list their own convention")
    func tauliksConvention() throws {
        let dl = try Term.tauliks(10).deadline(from: date("2025-03-05"), calendar: cal)
        #expect(dl.conventions.contains(.tauliksAsCalendarDays))
        let cd = try Term.calendarDays(10).deadline(from: date("2025-03-05"), calendar: cal)
        #expect(!cd.conventions.contains(.tauliksAsCalendarDays))
    }

    @Test("working-day terms list startDayExcluded and workingDaysOnly")
    func workingConventions() throws {
        let dl = try Term.workingDays(3).deadline(from: date("2025-03-07"), calendar: cal)
        #expect(dl.conventions.contains(.startDayExcluded))
        #expect(dl.conventions.contains(.workingDaysOnly))
        #expect(dl.conventions.contains(.endOfLastDay))
        #expect(!dl.conventions.contains(.nonWorkingLastDayMoves))
    }

    @Test("sameDay is due on the start day, even a non-working one")
    func sameDay() throws {
        let dl = try Term.sameDay.deadline(from: date("2025-03-08"), calendar: cal, detailed: true)
        #expect(dl.due == date("2025-03-08"))
        #expect(!dl.conventions.contains(.startDayExcluded))
        #expect(dl.conventions.contains(.endOfLastDay))
        #expect(dl.days.map(\.date) == [date("2025-03-08")])
    }

    @Test("a fixed date on a Sunday moves to Monday")
    func fixedSunday() throws {
        let t = Term.fixedDate(.yearly([.init(6, 10), .init(12, 10)]))
        let dl = try t.deadline(from: date("2029-05-01"), calendar: cal) // 10 June 2029 is a Sunday
        #expect(dl.due == date("2029-06-11"))
        #expect(dl.conventions.contains(.fixedDateNonWorkingMoves))
        let monthly = try Term.fixedDate(.monthly(day: 10)).deadline(from: date("2025-08-01"), calendar: cal) // Sunday 10 Aug 2025
        #expect(monthly.due == date("2025-08-11"))
        let onWorkday = try t.deadline(from: date("2025-05-01"), calendar: cal) // Tuesday 10 June 2025
        #expect(onWorkday.due == date("2025-06-10"))
    }

    @Test("hour terms: the latest date the hours can reach, and the exact instant")
    func hours() throws {
        #expect(try Term.hours(1).deadline(from: date("2025-03-03"), calendar: cal).due == date("2025-03-04"))
        #expect(try Term.hours(24).deadline(from: date("2025-03-03"), calendar: cal).due == date("2025-03-04"))
        #expect(try Term.hours(25).deadline(from: date("2025-03-03"), calendar: cal).due == date("2025-03-05"))
        #expect(try Term.hours(2).deadline(from: date("2025-03-03"), calendar: cal).conventions == [.hoursByClock])
        let e = try #require(Instant(iso: "2025-03-03T10:00:00+05:00"))
        #expect(Term.hours(2).dueInstant(from: e) == Instant(iso: "2025-03-03T12:00:00+05:00"))
        #expect(Term.hours(48).dueInstant(from: e) == Instant(iso: "2025-03-05T10:00:00+05:00"))
        #expect(Term.workingDays(2).dueInstant(from: e) == nil)
    }

    @Test("detailed trace of a working-day term: every day start+1…due, ordinals 1…n on working days")
    func traceWorking() throws {
        let dl = try Term.workingDays(3).deadline(from: date("2025-05-02"), calendar: cal, detailed: true)
        #expect(dl.due == date("2025-05-08"))
        #expect(dl.days.map(\.date.description) == ["2025-05-03", "2025-05-04", "2025-05-05", "2025-05-06", "2025-05-07", "2025-05-08"])
        #expect(dl.days.map(\.counted) == [nil, nil, nil, 1, 2, 3])
        #expect(dl.days.map(\.kind) == [.weekend, .weekend, .holiday, .workday, .workday, .workday])
        #expect(dl.days[2].name?.en == "Test holiday")
        #expect(dl.days[2].source == "TEST")
    }

    @Test("trace invariants over many starts and lengths (working days)", arguments: [1, 2, 3, 5, 10, 20])
    func traceInvariants(n: Int) throws {
        var start = date("2025-04-20")
        while start <= date("2025-06-10") {
            let dl = try Term.workingDays(n).deadline(from: start, calendar: cal, detailed: true)
            #expect(dl.days.first?.date == start.adding(days: 1))
            #expect(dl.days.last?.date == dl.due)
            #expect(dl.days.count == start.days(until: dl.due))
            for (i, d) in dl.days.enumerated() { #expect(d.date == start.adding(days: i + 1)) }
            #expect(dl.days.compactMap(\.counted) == Array(1...n))
            for d in dl.days { #expect((d.counted != nil) == (try cal.isWorkingDay(d.date)), "\(d.date)") }
            #expect(try cal.workingDaysBetween(start, dl.due) == n)
            #expect(try cal.isWorkingDay(dl.due))
            start = start.adding(days: 1)
        }
    }

    @Test("trace of a calendar-day term: every day listed, the first n counted 1…n")
    func traceCalendar() throws {
        let dl = try Term.calendarDays(10).deadline(from: date("2025-03-05"), calendar: cal, detailed: true)
        #expect(dl.days.count == 12)
        #expect(dl.days.first?.date == date("2025-03-06"))
        #expect(dl.days.last?.date == date("2025-03-17"))
        #expect(dl.days.prefix(10).map(\.counted) == (1...10).map(Optional.some))
    }

    @Test("restsOnUnconfirmedDays only when the counted span includes an unconfirmed day")
    func unconfirmed() throws {
        #expect(try Term.workingDays(2).deadline(from: date("2025-06-30"), calendar: cal).restsOnUnconfirmedDays)
        #expect(try !Term.workingDays(2).deadline(from: date("2025-07-01"), calendar: cal).restsOnUnconfirmedDays)
        #expect(try !Term.workingDays(2).deadline(from: date("2025-06-20"), calendar: cal).restsOnUnconfirmedDays)
        let dl = try Term.workingDays(2).deadline(from: date("2025-06-30"), calendar: cal, detailed: true)
        #expect(dl.days.first { $0.date == FakeCalendar.unconfirmed }?.confirmed == false)
    }

    @Test("a term reaching outside the calendar is an error, not a guess")
    func notCovered() {
        #expect(throws: CalendarError.self) { try Term.workingDays(5).deadline(from: date("2030-12-28"), calendar: cal) }
        #expect(throws: CalendarError.self) { try Term.calendarDays(5).deadline(from: date("2019-12-20"), calendar: cal) }
        #expect(throws: CalendarError.self) { try Term.workingDays(1).deadline(from: date("2030-12-31"), calendar: cal, detailed: true) }
    }

    @Test("labels in three languages", arguments: [Term.workingDays(5), .calendarDays(1), .tauliks(10), .hours(2), .sameDay, .fixedDate(.monthAfter(day: 10))])
    func labels(term: Term) {
        for l in Language.allCases { #expect(!term.label[l].isEmpty) }
    }
}
