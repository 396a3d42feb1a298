import LegalCore
import Testing
import WorkCalendar

@Suite("docs/reference/calendar.md examples and coverage")
struct ContractAndCoverageTests {
    @Test("add-working-days 2025-03-20 5 → 2025-04-01 (Nauryz 21–23 March, days off 24–25 March)")
    func addExample() throws {
        let cal = try loadCalendar()
        #expect(try cal.addWorkingDays(day("2025-03-20"), 5) == day("2025-04-01"))
        #expect(try cal.workingDaysBetween(day("2025-03-20"), day("2025-04-01")) == 5)
        #expect(try cal.workingDaysBetween(day("2025-04-01"), day("2025-03-20")) == -5)
    }

    @Test("is-working-day 2025-03-10 → false (8 March fell on a Saturday)")
    func isWorkingExample() throws {
        let cal = try loadCalendar()
        #expect(try cal.isWorkingDay(day("2025-03-10")) == false)
        #expect(try cal.isWorkingDay(day("2025-03-11")) == true)
    }

    @Test("add n = 0: the date itself if working, else the next working day")
    func addZero() throws {
        let cal = try loadCalendar()
        #expect(try cal.addWorkingDays(day("2025-03-11"), 0) == day("2025-03-11"))
        #expect(try cal.addWorkingDays(day("2025-03-21"), 0) == day("2025-03-26"))
        #expect(try cal.addWorkingDays(day("2025-01-04"), 0) == day("2025-01-05")) // Sunday made working
        #expect(try cal.nextWorkingDay(onOrAfter: day("2025-03-08")) == day("2025-03-11"))
    }

    @Test("the edges of coverage", arguments: ["2014-12-31", "2028-01-01", "2000-06-15", "2100-01-01"])
    func outsideCoverage(_ text: String) throws {
        let cal = try loadCalendar()
        let d = day(text), inside = day("2020-06-15")
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.isWorkingDay(d) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.addWorkingDays(d, 3) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.addWorkingDays(d, 0) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.workingDaysBetween(d, inside) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.workingDaysBetween(inside, d) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.dayInfo(d) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.unconfirmedDays(from: d, through: inside) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.specialDays(year: d.year) }))
    }

    @Test("the first and last covered days answer")
    func insideCoverage() throws {
        let cal = try loadCalendar()
        #expect(cal.firstDay == day("2015-01-01"))
        #expect(cal.lastDay == day("2027-12-31"))
        #expect(try cal.isWorkingDay(day("2015-01-01")) == false)  // New Year
        #expect(try cal.isWorkingDay(day("2027-12-31")) == true)   // Friday
        #expect(try cal.addWorkingDays(day("2027-12-30"), 1) == day("2027-12-31"))
        #expect(try cal.addWorkingDays(day("2015-01-01"), 1)
                == day("2015-01-05"))  // 1, 2 Jan holidays, 3–4 Jan weekend
    }

    @Test("a result past the covered years is notCovered, never a guess")
    func resultPastCoverage() throws {
        let cal = try loadCalendar()
        // 2027-12-30 (Thu): only 31 Dec is left in coverage.
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.addWorkingDays(day("2027-12-30"), 5) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.addWorkingDays(day("2027-12-31"), 1) }))
        #expect(isNotCovered(#expect(throws: CalendarError.self) { try cal.addWorkingDays(day("2027-12-30"), 2) }))
    }

    @Test("unconfirmed days: 2026-08-30/31 and 2022-12-19")
    func unconfirmedDays() throws {
        let cal = try loadCalendar()
        #expect(try cal.unconfirmedDays(from: day("2015-01-01"), through: day("2026-12-31")) == 3)
        // 2027: Kurban Ait's date (16 May) and the Monday after it, and 5 July (no transfer act found).
        #expect(try cal.unconfirmedDays(from: day("2027-01-01"), through: day("2027-12-31")) == 3)
        #expect(try cal.unconfirmedDays(from: day("2027-05-16"), through: day("2027-05-17")) == 2)
        #expect(try cal.unconfirmedDays(from: day("2026-08-30"), through: day("2026-08-31")) == 2)
        #expect(try cal.unconfirmedDays(from: day("2026-08-31"), through: day("2026-08-31")) == 1)
        #expect(try cal.unconfirmedDays(from: day("2026-08-01"), through: day("2026-08-30")) == 1)
        #expect(try cal.unconfirmedDays(from: day("2022-12-19"), through: day("2022-12-19")) == 1)
        #expect(try cal.unconfirmedDays(from: day("2022-12-20"), through: day("2026-08-29")) == 0)
        #expect(try cal.unconfirmedDays(from: day("2015-01-01"), through: day("2022-12-18")) == 0)
        #expect(try cal.unconfirmedDays(from: day("2026-09-01"), through: day("2026-12-31")) == 0)
        #expect(try cal.unconfirmedDays(from: day("2026-08-31"), through: day("2026-08-30")) == 0) // empty range
    }
}
