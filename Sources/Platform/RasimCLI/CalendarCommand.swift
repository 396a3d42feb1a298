import ArgumentParser
import CommandKit
import BundledData
import Foundation
import JSONKit
import LegalCore
import WorkCalendar

/// `rasim calendar …` — docs/reference/calendar.md.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Kazakhstan's working-day calendar (2015–2027), every entry with its legal source.",
        discussion: "Input and output: docs/reference/calendar.md. A date the calendar does not cover is an error (exit 2, calendar_not_covered), never a guess.",
        subcommands: [IsWorkingDay.self, AddWorkingDays.self, WorkingDaysBetween.self, Year.self, Batch.self,
                      Explain.self, LocalTimeCommand.self, ReceiptDay.self])
}

// MARK: - contract commands

struct IsWorkingDay: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "is-working-day", abstract: "Print true or false.")
    @Argument(help: "A date, YYYY-MM-DD.") var date: String
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let d = try parseDate(date, "DATE")
        let cal = try options.load()
        do {
            let answer = try cal.isWorkingDay(d)
            warnUnconfirmed(cal, from: d, through: d)
            writeOut(answer ? "true" : "false")
        } catch { throw calendarFailure(error, path: "DATE") }
    }
}

struct AddWorkingDays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-working-days",
        abstract: "Print the N-th working day after DATE (DATE not counted; N = 0: DATE if working, else the next working day).")
    @Argument(help: "A date, YYYY-MM-DD.") var date: String
    @Argument(help: "A whole number ≥ 0.") var n: String
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let d = try parseDate(date, "DATE"), k = try parseCount(n, "N")
        let cal = try options.load()
        do {
            let r = try cal.addWorkingDays(d, k)
            warnUnconfirmed(cal, from: d.adding(days: 1), through: r)
            writeOut(r.description)
        } catch { throw calendarFailure(error, path: "DATE") }
    }
}

struct WorkingDaysBetween: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "working-days-between",
        abstract: "Print the number of working days d with FROM < d ≤ TO (negative if TO < FROM).")
    @Argument(help: "A date, YYYY-MM-DD.") var from: String
    @Argument(help: "A date, YYYY-MM-DD.") var to: String
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let a = try parseDate(from, "FROM"), b = try parseDate(to, "TO")
        let cal = try options.load()
        do {
            let r = try cal.workingDaysBetween(a, b)
            _ = try cal.isWorkingDay(b)
            warnUnconfirmed(cal, from: min(a, b).adding(days: 1), through: max(a, b))
            writeOut(String(r))
        } catch {
            let path = (try? cal.isWorkingDay(a)) == nil ? "FROM" : "TO"
            throw calendarFailure(error, path: path)
        }
    }
}

struct Year: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year", abstract: "Print a year's non-working weekdays and working weekend days, each with its source (JSON).")
    @Argument(help: "A year, e.g. 2025.") var year: String
    @Option(help: "Language of `name`: kk, ru or en (all three are in `names`).") var lang: String = "kk"
    @OptionGroup var options: CalendarOptions

    func run() throws {
        guard let y = Int(year), year.count == 4 else {
            throw CLIError(code: "invalid_input", message: "YEAR: \"\(year)\" is not a four-digit year", path: "YEAR")
        }
        guard let language = Language(rawValue: lang) else {
            throw CLIError(code: "invalid_input", message: "--lang: \"\(lang)\" is not one of kk, ru, en", path: "--lang")
        }
        let cal = try options.load()
        let days: [DayInfo]
        do { days = try cal.specialDays(year: y) } catch { throw calendarFailure(error, path: "YEAR") }
        writeOut(CalendarJSON.year(y, days: days, language: language))
    }
}

enum CalendarJSON {
    static func names(_ n: LocalizedText?) -> String { n.map(JSONText.localized) ?? "null" }

    static func entry(_ d: DayInfo, language: Language, withKind: Bool) -> String {
        var pairs: [(String, String)] = [("date", JSONText.string(d.date.description))]
        if withKind { pairs.append(("kind", JSONText.string(d.kind == .holiday ? "holiday" : "day_off"))) }
        pairs += [
            ("name", JSONText.string(d.name?[language] ?? "")),
            ("source", JSONText.string(d.source ?? "")),
            ("names", names(d.name)),
            ("weekday", String(d.date.isoWeekday)),
            ("confirmed", d.confirmed ? "true" : "false"),
        ]
        if let note = d.note { pairs.append(("note", JSONText.string(note))) }
        return JSONText.object(pairs)
    }

    static func year(_ y: Int, days: [DayInfo], language: Language) -> String {
        let nonWorkingWeekdays = days.filter { !$0.date.isWeekend && !$0.isWorkingDay }
        let workingWeekend = days.filter { $0.kind == .workingWeekendDay }
        let weekendHolidays = days.filter { $0.date.isWeekend && $0.kind == .holiday }
        let unconfirmed = days.filter { !$0.confirmed }
        return JSONText.object([
            ("year", String(y)),
            ("nonWorkingWeekdays", JSONText.array(nonWorkingWeekdays.map { entry($0, language: language, withKind: true) })),
            ("workingWeekendDays", JSONText.array(workingWeekend.map { entry($0, language: language, withKind: false) })),
            ("holidaysOnWeekends", JSONText.array(weekendHolidays.map { entry($0, language: language, withKind: false) })),
            ("unconfirmed", JSONText.array(unconfirmed.map {
                JSONText.object([("date", JSONText.string($0.date.description)), ("note", JSONText.string($0.note ?? "")),
                                 ("isWorkingDay", $0.isWorkingDay ? "true" : "false")])
            })),
        ])
    }
}
