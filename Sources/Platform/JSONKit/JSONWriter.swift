import LegalCore

/// JSON text building in a fixed key order, so that output is stable and diff-able.
public enum JSONText {
    /// The one error shape of the command line and the HTTP API: `{"error": {"code", "message", "path"}}`.
    public static func error(code: String, message: String, path: String) -> String {
        "{\"error\": {\"code\": \(string(code)), \"message\": \(string(message)), \"path\": \(string(path))}}"
    }

    public static func string(_ s: String) -> String {
        // Most strings need no escape: then the text is the string in quotes (ingest writes many).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    public static func localized(_ t: LocalizedText) -> String {
        object([("kk", string(t.kk)), ("ru", string(t.ru)), ("en", string(t.en))])
    }

    public static func optional<T>(_ v: T?, _ render: (T) -> String) -> String { v.map(render) ?? "null" }
}

/// Findings in the JSON of docs/reference/check.md, with their explanation (and, when asked, the day-by-day
/// count of each deadline).
public enum FindingJSON {
    /// `provider`, when given, follows `application` (the server's findings: ids are unique per provider).
    public static func finding(_ f: Finding, trace: Bool, provider: String? = nil) -> String {
        var pairs: [(String, String)] = [("application", JSONText.string(f.subject))]
        if let provider { pairs.append(("provider", JSONText.string(provider))) }
        pairs += [
            ("code", JSONText.string(f.code)),
            ("severity", JSONText.string(f.severity.rawValue)),
            ("stage", JSONText.optional(f.stage, JSONText.string)),
            ("citation", JSONText.array(f.citation.map { JSONText.string($0.description) })),
            ("due", JSONText.optional(f.due) { JSONText.string($0.description) }),
            ("actual", JSONText.optional(f.actual) { JSONText.string($0.description) }),
            ("lateWorkingDays", JSONText.optional(f.lateWorkingDays) { String($0) }),
        ] as [(String, String)]
        // check.md v1.1: said only when they apply (no other field changes).
        if f.criteriaInForce == false { pairs.append(("criteriaInForce", "false")) }
        if !f.unconfirmedDays.isEmpty { pairs.append(("unconfirmedDays", JSONText.array(f.unconfirmedDays.map { JSONText.string($0.description) }))) }
        pairs += [
            ("message", JSONText.localized(f.message)),
            ("explanation", explanation(f.explanation, trace: trace)),
        ] as [(String, String)]
        if let c = f.correction {
            pairs.append(("corrected", JSONText.object([("event", String(c.event)), ("reason", JSONText.string(c.reason))])))
        }
        return JSONText.object(pairs)
    }

    public static func explanation(_ e: Explanation, trace: Bool) -> String {
        var pairs: [(String, String)] = [
            ("rule", JSONText.string(e.rule.description)),
            ("requirement", JSONText.localized(e.requirement)),
        ]
        if let from = e.fromEvent { pairs.append(("from", JSONText.string(from))) }
        if let d = e.deadline { pairs.append(("deadline", deadline(d, days: trace))) }
        if let h = e.happened { pairs.append(("happened", JSONText.string(h))) }
        if let l = e.lateWorkingDays { pairs.append(("lateWorkingDays", String(l))) }
        return JSONText.object(pairs)
    }

    public static func deadline(_ d: Deadline, days: Bool) -> String {
        var pairs: [(String, String)] = [
            ("term", JSONText.localized(d.term.label)),
            ("start", JSONText.string(d.start.description)),
            ("due", JSONText.string(d.due.description)),
        ]
        if let i = d.dueInstant { pairs.append(("dueInstant", JSONText.string(i.iso(offsetSeconds: 0)))) }
        pairs.append(("conventions", JSONText.array(d.conventions.map { c in
            JSONText.object([("id", JSONText.string(c.rawValue)),
                             ("citation", JSONText.array(c.citations.map { JSONText.string($0.description) })),
                             ("reading", c.isReading ? "true" : "false")])
        })))
        pairs.append(("restsOnUnconfirmedDays", d.restsOnUnconfirmedDays ? "true" : "false"))
        if days {
            pairs.append(("days", JSONText.array(d.days.map { day in
                var p: [(String, String)] = [("date", JSONText.string(day.date.description)), ("kind", JSONText.string(day.kind.rawValue)),
                                             ("counted", day.counted.map(String.init) ?? "null")]
                if let n = day.name { p.append(("name", JSONText.localized(n))) }
                if let s = day.source { p.append(("source", JSONText.string(s))) }
                p.append(("confirmed", day.confirmed ? "true" : "false"))
                return JSONText.object(p)
            })))
        }
        return JSONText.object(pairs)
    }
}
