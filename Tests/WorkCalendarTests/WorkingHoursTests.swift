import LegalCore
import Testing
import WorkCalendar

/// docs/reference/check.md v1.1: a public service's term in hours counts the provider's working hours.
@Suite("Working hours: a term in hours counted in the provider's hours on working days")
struct WorkingHoursTests {
    /// The instant `hours` working hours after `at` (09:00–18:30 unless given), as local ISO time.
    func due(_ hours: Int, _ at: String, open: String = "09:00", close: String = "18:30", zone: String = "Asia/Almaty") throws -> String {
        let cal = try loadCalendar()
        let z = try cal.zones.resolve(zone)
        let s = try cal.addWorkingHours(hours, from: instant(at).secondsSinceEpoch, zone: z,
                                        openMinutes: TimeOfDay(open)!.minutes, closeMinutes: TimeOfDay(close)!.minutes)
        return Instant(secondsSinceEpoch: s).iso(offsetSeconds: z.offset(s))
    }

    @Test("within the day, across closing, from before opening, after closing and over a weekend")
    func simple() throws {
        #expect(try due(2, "2025-02-18T10:15:00+05:00") == "2025-02-18T12:15:00+05:00")
        #expect(try due(2, "2025-02-18T17:30:00+05:00") == "2025-02-19T10:00:00+05:00")   // 1 h Tuesday, 1 h Wednesday
        #expect(try due(2, "2025-02-18T07:00:00+05:00") == "2025-02-18T11:00:00+05:00")   // from opening
        #expect(try due(2, "2025-02-14T19:00:00+05:00") == "2025-02-17T11:00:00+05:00")   // Friday after closing → Monday
        #expect(try due(2, "2025-02-15T12:00:00+05:00") == "2025-02-17T11:00:00+05:00")   // Saturday
        #expect(try due(2, "2025-02-18T18:30:00+05:00") == "2025-02-19T11:00:00+05:00")   // at closing: the next day
    }

    @Test("holidays and moved days off are skipped; whole days are counted whole")
    func holidaysAndLongTerms() throws {
        // 8 March 2025 is a Saturday; the day off moves to Monday 10 March.
        #expect(try due(2, "2025-03-07T18:00:00+05:00") == "2025-03-11T10:30:00+05:00")   // 0.5 h Friday, 1.5 h Tuesday
        // 9.5 h a day: 19 h from Monday's opening end at Tuesday's closing exactly, 20 h at Wednesday 10:00.
        #expect(try due(19, "2025-02-17T09:00:00+05:00") == "2025-02-18T18:30:00+05:00")
        #expect(try due(20, "2025-02-17T09:00:00+05:00") == "2025-02-19T10:00:00+05:00")
        #expect(try due(0, "2025-02-15T12:00:00+05:00") == "2025-02-17T09:00:00+05:00")
    }

    @Test("the offset change of 1 March 2024 (UTC+6 → UTC+5) and a zone west of the capital")
    func zones() throws {
        #expect(try due(2, "2024-02-29T17:30:00+06:00") == "2024-03-01T10:00:00+05:00")
        #expect(try due(3, "2025-02-18T17:00:00+05:00", zone: "Asia/Oral") == "2025-02-19T10:30:00+05:00")
    }

    @Test("hours no covered year can hold are past the calendar's end, never a crash")
    func beyond() throws {
        for hours in [1_000_000, Int.max] {
            #expect(throws: CalendarError.self) { try due(hours, "2025-02-18T10:00:00+05:00") }
        }
    }
}
