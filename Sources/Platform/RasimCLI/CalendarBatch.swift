import ArgumentParser
import CommandKit
import BundledData
import Foundation
import JSONKit
import LegalCore
import WorkCalendar

/// `rasim calendar batch FILE`: many operations in one run; all or nothing.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run {\"ops\": [...]} of add / between / is_working and print {\"results\": [...]} in the same order.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @OptionGroup var options: CalendarOptions

    enum Op: Decodable {
        case add(LocalDate, Int)
        case between(LocalDate, LocalDate)
        case isWorking(LocalDate)

        enum Keys: String, CodingKey { case op, date, n, from, to }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            let op = try c.decode(String.self, forKey: .op)
            switch op {
            case "add":
                let n = try c.decode(Int.self, forKey: .n)
                guard (0...100_000).contains(n) else {
                    throw DecodingError.dataCorruptedError(forKey: .n, in: c, debugDescription: "n must be a whole number from 0 to 100000, got \(n)")
                }
                self = .add(try c.decode(LocalDate.self, forKey: .date), n)
            case "between":
                self = .between(try c.decode(LocalDate.self, forKey: .from), try c.decode(LocalDate.self, forKey: .to))
            case "is_working":
                self = .isWorking(try c.decode(LocalDate.self, forKey: .date))
            default:
                throw DecodingError.dataCorruptedError(forKey: .op, in: c, debugDescription: "unknown op \"\(op)\": expected add, between or is_working")
            }
        }
    }

    struct Input: Decodable { var ops: [Op] }

    func run() throws {
        let input: Input
        do { input = try JSONInput.decode(Input.self, from: BundledData.readFile(file), file: file) } catch {
            throw CLIError(code: "invalid_input", message: error.message, path: error.path)
        }
        let cal = try options.load()
        var out = "{\"results\": ["
        out.reserveCapacity(input.ops.count * 14 + 16)
        for (i, op) in input.ops.enumerated() {
            if i > 0 { out += ", " }
            do {
                switch op {
                case .add(let d, let n): out += "\"" + (try cal.addWorkingDays(d, n)).description + "\""
                case .between(let a, let b): out += String(try cal.workingDaysBetween(a, b))
                case .isWorking(let d): out += (try cal.isWorkingDay(d)) ? "true" : "false"
                }
            } catch {
                throw calendarFailure(error, path: "$.ops[\(i)]")
            }
        }
        out += "]}"
        writeOut(out)
    }
}

/// `rasim calendar explain DATE N`: how a term of N working days from DATE is counted, day by day.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, day by day, how a term from DATE is counted, naming each holiday and moved day with its source.")
    @Argument(help: "The day the term runs from (not counted), YYYY-MM-DD.") var date: String
    @Argument(help: "The term's length.") var n: String
    @Option(help: "Unit: working (working days), calendar (calendar days), tauliks (24-hour days).") var unit: String = "working"
    @Option(help: "Language: kk, ru or en.") var lang: String = "kk"
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let d = try parseDate(date, "DATE"), k = try parseCount(n, "N")
        guard let language = Language(rawValue: lang) else {
            throw CLIError(code: "invalid_input", message: "--lang: \"\(lang)\" is not one of kk, ru, en", path: "--lang")
        }
        let term: Term
        switch unit {
        case "working": term = .workingDays(k)
        case "calendar": term = .calendarDays(k)
        case "tauliks": term = .tauliks(k)
        default: throw CLIError(code: "invalid_input", message: "--unit: \"\(unit)\" is not one of working, calendar, tauliks", path: "--unit")
        }
        let cal = try options.load()
        let deadline: Deadline
        do { deadline = try term.deadline(from: d, calendar: cal, detailed: true) } catch { throw calendarFailure(error, path: "DATE") }
        writeOut(json ? TraceText.json(deadline) : TraceText.text(deadline, language: language))
    }
}

/// Renders a counted deadline for people (text) and systems (JSON).
enum TraceText {
    static func kindLabel(_ k: DayInfo.Kind, _ l: Language) -> String {
        let t: LocalizedText
        switch k {
        case .workday: t = LocalizedText(kk: "жұмыс күні", ru: "рабочий день", en: "working day")
        case .weekend: t = LocalizedText(kk: "демалыс күні (сенбі/жексенбі)", ru: "выходной (суббота/воскресенье)", en: "weekend")
        case .holiday: t = LocalizedText(kk: "мереке күні", ru: "праздничный день", en: "public holiday")
        case .dayOff: t = LocalizedText(kk: "демалыс күні", ru: "выходной день", en: "day off")
        case .workingWeekendDay: t = LocalizedText(kk: "жұмыс күні (ауыстырылған)", ru: "рабочий день (перенесённый)", en: "working day (moved)")
        }
        return t[l]
    }

    static func text(_ dl: Deadline, language l: Language) -> String {
        let head = LocalizedText(kk: "Мерзім: \(dl.term.label.kk), \(dl.start) күнінен бастап (бұл күн есептелмейді) → соңғы күн \(dl.due)",
                                 ru: "Срок: \(dl.term.label.ru) с \(dl.start) (этот день не считается) → последний день \(dl.due)",
                                 en: "Term: \(dl.term.label.en) from \(dl.start) (not counted) → last day \(dl.due)")
        var lines = [head[l]]
        for day in dl.days {
            let count = day.counted.map { "#\($0)" } ?? "—"
            var line = "  \(day.date)  \(count.padding(toLength: 4, withPad: " ", startingAt: 0)) \(kindLabel(day.kind, l))"
            if let n = day.name { line += ": \(n[l])" }
            if let s = day.source { line += " [\(s)]" }
            if !day.confirmed { line += l == .kk ? " (расталмаған)" : l == .ru ? " (не подтверждено)" : " (unconfirmed)" }
            lines.append(line)
        }
        let conv = LocalizedText(kk: "Қолданылған есептеу ережелері:", ru: "Применённые правила исчисления:", en: "Counting conventions applied:")
        lines.append(conv[l])
        for c in dl.conventions {
            lines.append("  - \(c.statement[l]) (\(c.citations.map(\.description).joined(separator: "; ")))")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ dl: Deadline) -> String { FindingJSON.deadline(dl, days: true) }
}

/// `rasim calendar local-time INSTANT [--zone Z]`: the local date and time of an instant in a Kazakh zone.
struct LocalTimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local-time", abstract: "Print the local date, time and UTC offset of an instant in a zone (JSON).")
    @Argument(help: "An instant with an offset, e.g. 2024-02-29T18:30:00Z.") var instant: String
    @Option(help: "IANA zone.") var zone: String = "Asia/Almaty"
    @OptionGroup var options: CalendarOptions

    func run() throws {
        guard let t = Instant(iso: instant) else {
            throw CLIError(code: "invalid_input", message: "INSTANT: \"\(instant)\" is not an ISO 8601 instant with an offset", path: "INSTANT")
        }
        let cal = try options.load()
        do {
            let lt = try cal.zones.localTime(t, zone: zone)
            writeOut(JSONText.object([
                ("date", JSONText.string(lt.date.description)),
                ("time", JSONText.string(TimeOfDay(hour: lt.minutes / 60, minute: lt.minutes % 60)!.description)),
                ("offset", JSONText.string(offsetText(lt.offsetSeconds))),
                ("local", JSONText.string(t.iso(offsetSeconds: lt.offsetSeconds))),
                ("zone", JSONText.string(zone)),
                ("source", JSONText.string(cal.zones.source(of: zone) ?? "")),
            ]))
        } catch { throw calendarFailure(error, path: error.code == "unknown_time_zone" ? "--zone" : "INSTANT") }
    }
}

/// `+05:00`, `-03:30`, `+00:00`.
func offsetText(_ seconds: Int) -> String {
    let a = abs(seconds), h = a / 3600, m = a % 3600 / 60
    return (seconds < 0 ? "-" : "+") + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
}

/// `rasim calendar receipt-day INSTANT --open HH:MM --close HH:MM [--zone Z]`.
struct ReceiptDay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt-day",
        abstract: "Print the day an application arriving at INSTANT counts as received (after hours or on a non-working day: the next working day).")
    @Argument(help: "An instant with an offset.") var instant: String
    @Option(help: "Opening time, HH:MM.") var open: String = "09:00"
    @Option(help: "Closing time, HH:MM.") var close: String = "18:30"
    @Option(help: "IANA zone.") var zone: String = "Asia/Almaty"
    @OptionGroup var options: CalendarOptions

    func run() throws {
        guard let t = Instant(iso: instant) else {
            throw CLIError(code: "invalid_input", message: "INSTANT: \"\(instant)\" is not an ISO 8601 instant with an offset", path: "INSTANT")
        }
        guard let o = TimeOfDay(open) else { throw CLIError(code: "invalid_input", message: "--open: \"\(open)\" is not HH:MM", path: "--open") }
        guard let c = TimeOfDay(close), o < c else {
            throw CLIError(code: "invalid_input", message: "--close: \"\(close)\" is not an HH:MM after --open", path: "--close")
        }
        let cal = try options.load()
        do { writeOut(try cal.receiptDay(of: t, schedule: OfficeSchedule(timeZone: zone, open: o, close: c)).description) }
        catch { throw calendarFailure(error, path: error.code == "unknown_time_zone" ? "--zone" : "INSTANT") }
    }
}
