import LegalCore
import Testing
import WorkCalendar

@Suite("Receipt day of an application (after-hours rule)")
struct ReceiptDayTests {
    let almaty = OfficeSchedule(timeZone: "Asia/Almaty", open: TimeOfDay("09:00")!, close: TimeOfDay("18:00")!)
    let oral = OfficeSchedule(timeZone: "Asia/Oral", open: TimeOfDay("09:00")!, close: TimeOfDay("18:00")!)

    func receipt(_ at: String, _ s: OfficeSchedule? = nil) throws -> LocalDate {
        try loadCalendar().receiptDay(of: instant(at), schedule: s ?? almaty)
    }

    @Test("on a working day: before closing → that day, from closing → the next working day")
    func workingDay() throws {
        #expect(try receipt("2025-03-12T10:00:00+05:00") == day("2025-03-12"))     // Wednesday
        #expect(try receipt("2025-03-12T17:59:00+05:00") == day("2025-03-12"))
        #expect(try receipt("2025-03-12T18:00:00+05:00") == day("2025-03-13"))
        #expect(try receipt("2025-03-12T18:30:00+05:00") == day("2025-03-13"))
        #expect(try receipt("2025-03-12T23:59:59+05:00") == day("2025-03-13"))
        #expect(try receipt("2025-03-14T19:00:00+05:00") == day("2025-03-17"))     // Friday evening → Monday
    }

    @Test("before opening counts for the same day")
    func beforeOpening() throws {
        #expect(try receipt("2025-03-12T07:30:00+05:00") == day("2025-03-12"))
        #expect(try receipt("2025-03-12T00:00:00+05:00") == day("2025-03-12"))
    }

    @Test("on a weekend or a holiday → the next working day")
    func nonWorkingDays() throws {
        #expect(try receipt("2025-03-15T11:00:00+05:00") == day("2025-03-17"))     // Saturday → Monday
        #expect(try receipt("2025-03-16T08:00:00+05:00") == day("2025-03-17"))     // Sunday morning → Monday
        // Nauryz: Fri 21 (holiday), Sat, Sun, Mon 24 and Tue 25 (days off) → Wed 26 March.
        #expect(try receipt("2025-03-21T10:00:00+05:00") == day("2025-03-26"))
        #expect(try receipt("2025-03-20T18:05:00+05:00") == day("2025-03-26"))
    }

    @Test("18:45 local on 2024-02-29 (UTC+6) vs the same UTC instant in a UTC+5 zone and after the switch")
    func aroundTheZoneSwitch() throws {
        // 18:45 at +06:00 = 12:45Z: after closing in Almaty → Friday 1 March (a working day).
        #expect(try receipt("2024-02-29T18:45:00+06:00") == day("2024-03-01"))
        // The same instant is 17:45 in Oral (+05:00): before closing, the same day.
        #expect(try receipt("2024-02-29T12:45:00Z", oral) == day("2024-02-29"))
        // After the switch Almaty is +05:00 too: 12:45Z on Monday 4 March is 17:45, the same day.
        #expect(try receipt("2024-03-04T12:45:00Z") == day("2024-03-04"))
        // 12:30Z: 18:30 in Almaty before the switch (next day), 17:30 after it (same day).
        #expect(try receipt("2024-02-28T12:30:00Z") == day("2024-02-29"))
        #expect(try receipt("2024-03-05T12:30:00Z") == day("2024-03-05"))
        // The repeated hour: 18:30Z on 29 Feb is 23:30 local (+05:00), still Thursday → Friday 1 March.
        #expect(try receipt("2024-02-29T18:30:00Z") == day("2024-03-01"))
    }

    @Test("an evening before a moved day off")
    func beforeMovedDayOff() throws {
        // Thursday 2 January 2025 evening: Fri 3 Jan is a day off (moved from Sun 5 Jan by order G24G0000436),
        // so Sunday 5 January 2025 is a working day and the application counts as received then.
        #expect(try receipt("2025-01-02T19:00:00+05:00") == day("2025-01-05"))
        // Friday 21 October 2022 evening: Saturday 22 October was a working day (decree P2200000796).
        #expect(try receipt("2022-10-21T18:30:00+06:00") == day("2022-10-22"))
        // Saturday 22 October 2022 evening: Sun 23, Mon 24 (moved day off), Tue 25 (Republic Day) → Wed 26.
        #expect(try receipt("2022-10-22T18:30:00+06:00") == day("2022-10-26"))
        // Wednesday 5 July 2023 evening: Thu 6 July (Capital Day), Fri 7 July (moved), weekend → Mon 10 July.
        #expect(try receipt("2023-07-05T18:30:00+06:00") == day("2023-07-10"))
    }

    @Test("after hours on the last covered working day is notCovered; an unknown zone is unknownTimeZone")
    func errors() throws {
        let cal = try loadCalendar()
        let e = #expect(throws: CalendarError.self) { try cal.receiptDay(of: instant("2027-12-31T19:00:00+05:00"), schedule: almaty) }
        #expect(isNotCovered(e))
        let bad = OfficeSchedule(timeZone: "Mars/Olympus", open: TimeOfDay("09:00")!, close: TimeOfDay("18:00")!)
        let e2 = #expect(throws: CalendarError.self) { try cal.receiptDay(of: instant("2025-03-12T10:00:00Z"), schedule: bad) }
        #expect(e2 == .unknownTimeZone("Mars/Olympus"))
    }
}
