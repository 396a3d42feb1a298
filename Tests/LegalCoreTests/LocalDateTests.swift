import Testing
@testable import LegalCore

@Suite("LocalDate")
struct LocalDateTests {
    @Test("accepts well-formed real dates", arguments: [
        ("2025-03-03", 2025, 3, 3), ("2024-02-29", 2024, 2, 29), ("2000-02-29", 2000, 2, 29),
        ("1970-01-01", 1970, 1, 1), ("0001-01-01", 1, 1, 1), ("9999-12-31", 9999, 12, 31), ("2025-12-31", 2025, 12, 31),
    ])
    func parsesValid(text: String, y: Int, m: Int, d: Int) throws {
        let date = try #require(LocalDate(text))
        #expect(date.year == y)
        #expect(date.month == m)
        #expect(date.day == d)
        #expect(date.description == text)
        #expect(LocalDate(year: y, month: m, day: d) == date)
    }

    @Test("rejects anything that is not exactly YYYY-MM-DD of a real day", arguments: [
        "2025-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00",
        "0000-01-01", "2025-2-3", "2025-02-3", "25-02-03", "2025-03-03T00:00", "2025-03-03 ", " 2025-03-03",
        "2025/03/03", "20250303", "2025-03-3a", "-025-03-03", "+025-03-03", "2025-03-03Z", "", "2025-1-010",
        "２０２５-03-03", "2025-03‐03",
    ])
    func rejectsInvalid(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("init(year:month:day:) refuses impossible days")
    func componentInitRefuses() {
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 30) == nil)
        #expect(LocalDate(year: 2025, month: 6, day: 31) == nil)
        #expect(LocalDate(year: 2025, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2025, month: 1, day: 0) == nil)
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
    }

    @Test("ISO weekday of known dates", arguments: [
        ("1900-01-01", 1), ("1970-01-01", 4), ("2000-01-01", 6), ("2024-02-29", 4), ("2025-03-03", 1),
        ("2025-03-08", 6), ("2025-03-09", 7), ("2025-03-21", 5), ("2100-12-31", 5), ("1969-12-31", 3),
    ])
    func weekday(text: String, iso: Int) throws {
        let d = try #require(LocalDate(text))
        #expect(d.isoWeekday == iso)
        #expect(d.isWeekend == (iso >= 6))
    }

    @Test("1970-01-01 is day 0")
    func epoch() throws {
        #expect(try #require(LocalDate("1970-01-01")).dayNumber == 0)
        #expect(try #require(LocalDate("1970-01-02")).dayNumber == 1)
        #expect(try #require(LocalDate("1969-12-31")).dayNumber == -1)
    }

    /// Walks 1900-01-01 … 2100-12-31 one day at a time with a naive calendar written here, and checks the
    /// day numbers, components, weekdays, text form and parsing against it.
    @Test("day numbers, components and text agree with a naive day-by-day walk, 1900–2100")
    func naiveWalk() throws {
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        func length(_ y: Int, _ m: Int) -> Int {
            [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var (y, m, d) = (1900, 1, 1)
        var expected: Int32 = -25_567 // days from 1900-01-01 to 1970-01-01 (70 years, 17 of them leap)
        var weekday = 1 // 1900-01-01 was a Monday
        var mismatches = 0
        var checked = 0
        while y <= 2100 {
            let text = "\(y)-\(two(m))-\(two(d))"
            guard let date = LocalDate(year: y, month: m, day: d) else { Issue.record("\(text) refused"); return }
            let back = LocalDate(dayNumber: expected)
            if date.dayNumber != expected || back.year != y || back.month != m || back.day != d
                || back.isoWeekday != weekday || back.description != text || LocalDate(text) != date
                || LocalDate.daysInMonth(year: y, month: m) != length(y, m) || LocalDate.isLeap(y) != leap(y) {
                mismatches += 1
                if mismatches <= 5 { Issue.record("mismatch at \(text): dayNumber \(date.dayNumber) (expected \(expected)), back \(back), weekday \(back.isoWeekday) (expected \(weekday))") }
            }
            checked += 1
            expected += 1
            weekday = weekday % 7 + 1
            d += 1
            if d > length(y, m) { d = 1; m += 1; if m > 12 { m = 1; y += 1 } }
        }
        #expect(mismatches == 0)
        #expect(checked == 73_414) // 201 years: 201 × 365 + 49 leap days (1900 and 2100 are not leap)
    }

    @Test("arithmetic and ordering")
    func arithmetic() throws {
        let a = try #require(LocalDate("2024-02-28"))
        #expect(a.adding(days: 1).description == "2024-02-29")
        #expect(a.adding(days: 2).description == "2024-03-01")
        #expect(a.adding(days: -59).description == "2023-12-31")
        #expect(a.adding(days: 366).description == "2025-02-28")
        let b = try #require(LocalDate("2025-03-01"))
        #expect(a.days(until: b) == 367)
        #expect(b.days(until: a) == -367)
        #expect(a < b)
        #expect(!(b < a))
        #expect(LocalDate.lastDayOfMonth(year: 2024, month: 2).description == "2024-02-29")
        #expect(LocalDate.lastDayOfMonth(year: 2025, month: 2).description == "2025-02-28")
        #expect(LocalDate.lastDayOfMonth(year: 2025, month: 4).description == "2025-04-30")
        #expect(LocalDate.lastDayOfMonth(year: 2025, month: 12).description == "2025-12-31")
    }

    @Test("Codable uses the YYYY-MM-DD text and refuses impossible days")
    func codable() throws {
        let d = try #require(LocalDate("2025-03-20"))
        let data = try JSONEncoderLite.encode(d)
        #expect(data == "\"2025-03-20\"")
        #expect(try JSONEncoderLite.decode(LocalDate.self, "\"2024-02-29\"") == LocalDate("2024-02-29"))
        #expect(throws: (any Error).self) { try JSONEncoderLite.decode(LocalDate.self, "\"2025-02-30\"") }
        #expect(throws: (any Error).self) { try JSONEncoderLite.decode(LocalDate.self, "\"2025-03-03T00:00\"") }
        #expect(throws: (any Error).self) { try JSONEncoderLite.decode(LocalDate.self, "20250303") }
    }
}

@Suite("TimeOfDay")
struct TimeOfDayTests {
    @Test("parses HH:MM", arguments: [("00:00", 0), ("09:00", 540), ("18:30", 1110), ("23:59", 1439), ("24:00", 1440)])
    func parses(text: String, minutes: Int) throws {
        let t = try #require(TimeOfDay(text))
        #expect(t.minutes == minutes)
        #expect(t.description == text)
    }

    @Test("rejects what is not HH:MM of a day", arguments: ["24:01", "25:00", "09:60", "9:00", "09:0", "0900", "09-00", "", ":", "ab:cd", "-1:00", "09:00:00", " 9:00"])
    func rejects(text: String) {
        #expect(TimeOfDay(text) == nil)
    }

    // Regression test: TimeOfDay(_:) stops accepting a sign — it uses Int(String), which takes "+9" as 9, so
    // "+9:00" parses as 09:00 and "+9:+5" as 09:05 although the doc comment says it parses `HH:MM`.
    @Test("rejects signed fields that are not two digits", arguments: ["+9:00", "09:+5", "+9:+5"])
    func rejectsSigned(text: String) {
        #expect(TimeOfDay(text) == nil)
    }

    @Test("hour/minute initializer bounds and ordering")
    func bounds() throws {
        #expect(TimeOfDay(hour: 24, minute: 0) != nil)
        #expect(TimeOfDay(hour: 24, minute: 1) == nil)
        #expect(TimeOfDay(hour: -1, minute: 0) == nil)
        #expect(TimeOfDay(hour: 10, minute: 60) == nil)
        let a = try #require(TimeOfDay("09:00")), b = try #require(TimeOfDay("18:30"))
        #expect(a < b)
        #expect(TimeOfDay(hour: 9, minute: 5)?.description == "09:05")
    }
}
