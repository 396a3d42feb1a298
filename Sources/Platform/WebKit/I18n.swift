import Foundation
import LegalCore

/// The workspace speaks Kazakh (the default) and Russian. Every string a page shows comes from one table
/// per language (flat `key → text`; the server's `Resources/i18n/kk.json`, `ru.json`, and each feature's own);
/// the tables of both languages have the same keys (a test fails otherwise).
public struct I18n: Sendable {
    public static let languages: [Language] = [.kk, .ru]
    public let tables: [Language: [String: String]]

    public init(tables: [Language: [String: String]]) { self.tables = tables }

    /// These tables with a feature's added; a key given twice is an error (a feature must not reword another's).
    public func adding(_ other: [Language: [String: String]]) throws -> I18n {
        var merged = tables
        for (lang, table) in other {
            for (key, text) in table {
                guard merged[lang]?[key] == nil else { throw DuplicateKey(key: key) }
                merged[lang, default: [:]][key] = text
            }
        }
        return I18n(tables: merged)
    }
    public struct DuplicateKey: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "translation key \(key) is given twice" }
    }

    /// The text of `key`; a missing key shows as `⟦key⟧` (never an empty label, never another language).
    public func t(_ key: String, _ lang: Language) -> String { tables[lang]?[key] ?? "⟦\(key)⟧" }

    /// A text with `{name}` placeholders filled in.
    public func t(_ key: String, _ lang: Language, _ values: [String: String]) -> String {
        var text = t(key, lang)
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// A language from a user's setting or a form value; Kazakh when unknown.
    public static func language(_ code: String?) -> Language {
        code.flatMap(Language.init(rawValue:)).flatMap { languages.contains($0) ? $0 : nil } ?? .kk
    }

    /// A date in the local long style: "2025 жылғы 28 ақпан", "28 февраля 2025 г.". The pattern and the month
    /// names are in the tables (`date_long`, `month_genitive_1` …).
    public func longDate(_ d: LocalDate, _ lang: Language) -> String {
        t("date_long", lang)
            .replacingOccurrences(of: "{y}", with: String(d.year))
            .replacingOccurrences(of: "{d}", with: String(d.day))
            .replacingOccurrences(of: "{m}", with: t("month_genitive_\(d.month)", lang))
    }

    /// "2025 жылғы 28 ақпан, 10:15" for an instant shown in a zone's local time.
    public func longDateTime(seconds: Int64, offsetSeconds: Int, _ lang: Language) -> String {
        let local = seconds + Int64(offsetSeconds)
        let day = LocalDate(dayNumber: Int32((local - (((local % 86_400) + 86_400) % 86_400)) / 86_400))
        let minutes = Int((((local % 86_400) + 86_400) % 86_400) / 60)
        return longDate(day, lang) + ", " + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// A month and year as a chart label: "2025 ақп.", "фев. 2025".
    public func shortMonth(year: Int, month: Int, _ lang: Language) -> String {
        t("month_short", lang).replacingOccurrences(of: "{y}", with: String(year)).replacingOccurrences(of: "{m}", with: t("month_abbr_\(month)", lang))
    }

    /// A localized text in the page's language (the engine's messages carry kk, ru and en).
    public static func pick(_ text: LocalizedText, _ lang: Language) -> String { text[lang] }

    /// `text` with each ISO date inside it (`2018-05-14`, as the pure acts write their messages for every channel) in
    /// the local style of `lang`; not inside an id ("K-2018-05-14") or a longer number. An instant
    /// (`2026-11-17T12:15:00+05:00`, written by the acts in the body's local offset) becomes its date and its clock
    /// time as written ("2026 жылғы 17 қараша, 12:15"): no ISO form or offset reaches a page.
    public func localDates(in text: String, _ lang: Language) -> String {
        let instant = /(^|[^0-9\p{L}-])([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})/
        let withTimes = text.replacing(instant) { m -> String in
            guard let day = LocalDate(String(m.output.2)) else { return String(m.output.0) }
            return String(m.output.1) + longDate(day, lang) + ", " + m.output.3
        }
        let iso = /(^|[^0-9\p{L}-])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])(\.?)/
        return withTimes.replacing(iso) { m -> String in
            let date = String(m.output.2), stop = String(m.output.3)
            guard let local = LocalDate(date).map({ longDate($0, lang) }) else { return String(m.output.0) }
            // "14 мая 2018 г." ends a sentence by itself.
            return String(m.output.1) + local + (local.hasSuffix(".") ? "" : stop)
        }
    }
}
