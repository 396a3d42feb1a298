import BundledData
import Foundation
import LegalCore
import Testing
import WorkCalendar

private func overrides(_ json: String) throws -> CalendarOverrides {
    try JSONDecoder().decode(CalendarOverrides.self, from: Data(json.utf8))
}

private let constitutionDayOverride = """
{"sources": {"ORDER-2026-X": "Order of the Minister of Labour No. 1 of 1 August 2026 (test)"},
 "days": [{"date": "2026-08-31", "status": "day_off",
           "name": {"kk": "Демалыс күні", "ru": "Выходной день", "en": "Day off (Constitution Day)"},
           "source": "ORDER-2026-X"}]}
"""

@Suite("An administrator's overrides")
struct OverridesTests {
    @Test("a day_off override of 2026-08-31 makes it non-working and confirmed")
    func dayOffOverride() throws {
        let cal = try KazakhCalendar(data: BundledData.calendarData(), overrides: overrides(constitutionDayOverride))
        #expect(try cal.isWorkingDay(day("2026-08-31")) == false)
        let info = try cal.dayInfo(day("2026-08-31"))
        #expect(info.kind == .dayOff)
        #expect(info.source?.contains("Order of the Minister of Labour No. 1") == true)
        #expect(info.name?.en == "Day off (Constitution Day)")
        // Regression test: CalendarRules.materialize applies the bundled `unconfirmed` marks (step 4) AFTER the
        // administrator's `days`, so the override — confirmed by default (CalendarOverrides.Day.confirmed
        // "defaults to true") — is re-marked unconfirmed with the bundled note.
        #expect(info.confirmed == true, "override of 2026-08-31 should be confirmed; note: \(info.note ?? "nil")")
        #expect(try cal.unconfirmedDays(from: day("2026-08-31"), through: day("2026-08-31")) == 0)
        // The rest of the calendar moves with it.
        #expect(try cal.addWorkingDays(day("2026-08-28"), 1) == day("2026-09-01"))
        #expect(try cal.workingDaysBetween(day("2026-08-28"), day("2026-09-04")) == 4)
        let y = try cal.specialDays(year: 2026).filter { !$0.date.isWeekend && !$0.isWorkingDay }.map(\.date.description)
        #expect(Set(y) == expectedCalendar[2026]!.nonWorkingWeekdays.union(["2026-08-31"]))
    }

    @Test("an override marked confirmed: false stays unconfirmed")
    func unconfirmedOverride() throws {
        let json = constitutionDayOverride.replacingOccurrences(of: "\"source\": \"ORDER-2026-X\"}]", with: "\"source\": \"ORDER-2026-X\", \"confirmed\": false}]")
        let cal = try KazakhCalendar(data: BundledData.calendarData(), overrides: overrides(json))
        #expect(try cal.dayInfo(day("2026-08-31")).confirmed == false)
        #expect(try cal.isWorkingDay(day("2026-08-31")) == false)
    }

    @Test("confirm marks an unconfirmed entry confirmed")
    func confirm() throws {
        let o = try overrides("""
        {"sources": {"MLSP-2022": "Ministry of Labour production calendar 2022 (test)"},
         "confirm": [{"date": "2022-12-19", "source": "MLSP-2022"}]}
        """)
        let cal = try KazakhCalendar(data: BundledData.calendarData(), overrides: o)
        #expect(try cal.dayInfo(day("2022-12-19")).confirmed)
        #expect(try cal.isWorkingDay(day("2022-12-19")))
        #expect(try cal.unconfirmedDays(from: day("2015-01-01"), through: day("2026-12-31")) == 2)
    }

    @Test("a transfer override moves a day off: the weekend day works, the weekday rests")
    func transferOverride() throws {
        let o = try overrides("""
        {"sources": {"ORDER-2026-Y": "Order moving a day off in 2026 (test)"},
         "transfers": [{"from": "2026-01-03", "to": "2026-01-05", "source": "ORDER-2026-Y"}]}
        """)
        let cal = try KazakhCalendar(data: BundledData.calendarData(), overrides: o)
        #expect(try cal.isWorkingDay(day("2026-01-03")))
        #expect(try cal.dayInfo(day("2026-01-03")).kind == .workingWeekendDay)
        #expect(try cal.isWorkingDay(day("2026-01-05")) == false)
        #expect(try cal.dayInfo(day("2026-01-05")).source?.contains("Order moving a day off") == true)
    }

    @Test("an override naming an unknown source key is invalidData", arguments: [
        #"{"days": [{"date": "2026-08-31", "status": "day_off", "source": "NO-SUCH-KEY"}]}"#,
        #"{"transfers": [{"from": "2026-01-03", "to": "2026-01-05", "source": "NO-SUCH-KEY"}]}"#,
        #"{"confirm": [{"date": "2022-12-19", "source": "NO-SUCH-KEY"}]}"#,
        #"{"days": [{"date": "2026-08-31", "status": "day_off", "source": ""}]}"#,
    ])
    func unknownSource(json: String) throws {
        let data = try BundledData.calendarData(), o = try overrides(json)
        let e = #expect(throws: CalendarError.self) { try KazakhCalendar(data: data, overrides: o) }
        #expect(isInvalidData(e))
    }

    @Test("a transfer onto a weekend day, or from a working day, is refused", arguments: [
        ("2026-01-03", "2026-01-04"),   // to a Sunday
        ("2026-01-03", "2026-01-10"),   // to a Saturday
        ("2026-01-06", "2026-01-08"),   // from a working Tuesday
        ("2026-01-03", "2026-01-07"),   // to a holiday (Orthodox Christmas)
        ("2028-01-01", "2028-01-03"),   // outside the covered years
    ])
    func badTransfer(from: String, to: String) throws {
        let o = try overrides("""
        {"sources": {"T": "test"}, "transfers": [{"from": "\(from)", "to": "\(to)", "source": "T"}]}
        """)
        let data = try BundledData.calendarData()
        let e = #expect(throws: CalendarError.self) { try KazakhCalendar(data: data, overrides: o) }
        #expect(isInvalidData(e))
    }

    @Test("BundledData.calendar reads RASIM_CALENDAR_OVERRIDES when no path is given")
    func environmentVariable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-wc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("overrides.json")
        try Data(constitutionDayOverride.utf8).write(to: file)
        #expect(BundledData.overridesVariable == "RASIM_CALENDAR_OVERRIDES")

        let viaEnv = try BundledData.calendar(overridesPath: nil, environment: ["RASIM_CALENDAR_OVERRIDES": file.path])
        #expect(try viaEnv.isWorkingDay(day("2026-08-31")) == false)
        let plain = try BundledData.calendar(overridesPath: nil, environment: [:])
        #expect(try plain.isWorkingDay(day("2026-08-31")) == true)
        let empty = try BundledData.calendar(overridesPath: nil, environment: ["RASIM_CALENDAR_OVERRIDES": ""])
        #expect(try empty.isWorkingDay(day("2026-08-31")) == true)
        // An explicit path wins over the variable.
        let missing = dir.appendingPathComponent("missing.json").path
        let explicit = try BundledData.calendar(overridesPath: file.path, environment: ["RASIM_CALENDAR_OVERRIDES": missing])
        #expect(try explicit.isWorkingDay(day("2026-08-31")) == false)
        // A variable naming a missing file is an error, not a silent fall-back to the bundled data.
        #expect(throws: DataFileError.self) { try BundledData.calendar(overridesPath: nil, environment: ["RASIM_CALENDAR_OVERRIDES": missing]) }
        // So is an overrides file with an unknown source.
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"days": [{"date": "2026-08-31", "status": "day_off", "source": "NOPE"}]}"#.utf8).write(to: bad)
        let e = #expect(throws: DataFileError.self) { try BundledData.calendar(overridesPath: bad.path, environment: [:]) }
        #expect(e?.message.contains("NOPE") == true)
    }
}
