import LegalCore
import Testing
import WorkCalendar

@Suite("LegalCore terms counted with the Kazakh calendar")
struct TermDeadlineTests {
    @Test("working-day terms over Nauryz")
    func workingDaysOverNauryz() throws {
        let cal = try loadCalendar()
        #expect(try Term.workingDays(5).deadline(from: day("2025-03-20"), calendar: cal).due == day("2025-04-01"))
        // Wed 19 Mar: Thu 20 (1), [Fri 21 Nauryz, weekend, Mon 24, Tue 25 off], Wed 26 (2), Thu 27 (3).
        #expect(try Term.workingDays(3).deadline(from: day("2025-03-19"), calendar: cal).due == day("2025-03-27"))
        // 2015: Fri 20 Mar → Mon 23 (holiday), Tue 24, Wed 25 (days off) → Thu 26 is the 1st working day.
        #expect(try Term.workingDays(1).deadline(from: day("2015-03-20"), calendar: cal).due == day("2015-03-26"))
        let d = try Term.workingDays(5).deadline(from: day("2025-03-20"), calendar: cal)
        #expect(d.conventions.contains(.workingDaysOnly) && d.conventions.contains(.startDayExcluded))
    }

    @Test("a calendar-day term whose last day is a Sunday ends on Monday")
    func calendarDaysSunday() throws {
        let cal = try loadCalendar()
        // 6 Mar 2025 + 10 = Sun 16 Mar → Mon 17 Mar.
        let d = try Term.calendarDays(10).deadline(from: day("2025-03-06"), calendar: cal)
        #expect(d.due == day("2025-03-17"))
        #expect(d.conventions.contains(.nonWorkingLastDayMoves))
        // A last day on a working day stays: 6 Mar + 7 = Thu 13 Mar.
        #expect(try Term.calendarDays(7).deadline(from: day("2025-03-06"), calendar: cal).due == day("2025-03-13"))
        // A last day on a working Sunday (5 Jan 2025) stays there.
        #expect(try Term.calendarDays(4).deadline(from: day("2025-01-01"), calendar: cal).due == day("2025-01-05"))
    }

    @Test("a тәулік term ending on Nauryz ends on the next working day")
    func tauliks() throws {
        let cal = try loadCalendar()
        // 11 Mar 2025 + 10 тәулік = Fri 21 Mar (Nauryz) → Wed 26 Mar.
        let d = try Term.tauliks(10).deadline(from: day("2025-03-11"), calendar: cal)
        #expect(d.due == day("2025-03-26"))
        #expect(d.conventions.contains(.tauliksAsCalendarDays))
    }

    @Test("the trace names the holiday and gives a source for every non-ordinary day")
    func trace() throws {
        let cal = try loadCalendar()
        let d = try Term.workingDays(5).deadline(from: day("2025-03-20"), calendar: cal, detailed: true)
        #expect(d.days.map(\.date) == (1...12).map { day("2025-03-20").adding(days: $0) })
        let nauryz = try #require(d.days.first { $0.date == day("2025-03-21") })
        #expect(nauryz.kind == .holiday)
        #expect(nauryz.name?.en == "Nauryz")
        #expect(nauryz.counted == nil)
        #expect(nauryz.source?.contains("267-II") == true)
        let counted = d.days.filter { $0.counted != nil }
        #expect(counted.map(\.date.description) == ["2025-03-26", "2025-03-27", "2025-03-28", "2025-03-31", "2025-04-01"])
        #expect(counted.map { $0.counted! } == [1, 2, 3, 4, 5])
        for t in d.days where t.kind != .workday && t.kind != .weekend {
            #expect(t.source?.isEmpty == false, "\(t.date) \(t.kind) has no source")
            #expect(t.name != nil, "\(t.date) has no name")
        }
        #expect(d.days.filter { $0.kind == .dayOff }.map(\.date.description) == ["2025-03-24", "2025-03-25"])
        #expect(!d.restsOnUnconfirmedDays)
    }

    @Test("a term spanning 2026-08-31 rests on unconfirmed days")
    func unconfirmed() throws {
        let cal = try loadCalendar()
        #expect(try Term.workingDays(5).deadline(from: day("2026-08-27"), calendar: cal).restsOnUnconfirmedDays)
        #expect(try Term.calendarDays(3).deadline(from: day("2026-08-28"), calendar: cal).restsOnUnconfirmedDays)
        #expect(try !Term.workingDays(5).deadline(from: day("2026-09-01"), calendar: cal).restsOnUnconfirmedDays)
        #expect(try !Term.workingDays(2).deadline(from: day("2026-08-25"), calendar: cal).restsOnUnconfirmedDays)
        let traced = try Term.workingDays(2).deadline(from: day("2026-08-28"), calendar: cal, detailed: true)
        #expect(traced.due == day("2026-09-01"))
        #expect(traced.days.filter { !$0.confirmed }.map(\.date.description) == ["2026-08-30", "2026-08-31"])
    }

    @Test("a term past the covered years is notCovered")
    func pastCoverage() throws {
        let cal = try loadCalendar()
        let e = #expect(throws: CalendarError.self) { try Term.workingDays(10).deadline(from: day("2027-12-24"), calendar: cal) }
        #expect(isNotCovered(e))
    }
}
