import Foundation
import JSONKit

/// JSON values compared and written back as a contract means them: absent and null alike, numbers by value, keys in
/// any order — what the case-fixture suites compare an engine's output with.
public enum JSONCanon {
    public static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a ?? .null, b ?? .null) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return Decimal(string: x) == Decimal(string: y)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            let keys = Set(x.map(\.0)).union(y.map(\.0))
            let a = JSONValue.object(x), b = JSONValue.object(y)
            return keys.allSatisfy { same(a[$0], b[$0]) }
        default: return false
        }
    }

    /// The value as JSON text (null for none).
    public static func render(_ v: JSONValue?) -> String { (v ?? .null).text }
}

extension JSONCanon {
    /// The `.json` files of a test target's bundled `Fixtures` folder, by name.
    public static func fixtureFiles(_ bundle: Bundle) -> [String] {
        guard let dir = bundle.url(forResource: "Fixtures", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Expected findings against reported ones, paired by `key`: each expected one present with exactly its fields
    /// (`mismatches` empty), nothing else reported. The problems, each a sentence (empty: the sets agree).
    public static func compare(expected: [JSONValue], reported: [JSONValue], key: (JSONValue) -> [String?],
                               mismatches: (JSONValue, JSONValue) -> [String], describe: (JSONValue) -> String) -> [String] {
        var problems: [String] = []
        var unmatched = reported
        for e in expected {
            let candidates = unmatched.indices.filter { key(unmatched[$0]) == key(e) }
            if let i = candidates.first(where: { mismatches(e, unmatched[$0]).isEmpty }) {
                unmatched.remove(at: i)
            } else if let i = candidates.first {
                problems.append("\(describe(e)): \(mismatches(e, unmatched[i]).joined(separator: "; "))")
                unmatched.remove(at: i)
            } else {
                problems.append("expected \(describe(e)), the engine reported none; it reported: \(reported.map(describe))")
            }
        }
        return problems + unmatched.map { "unexpected finding \(describe($0))" }
    }
}

extension JSONValue {
    public var asNumber: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }
    public var asPairs: [(String, JSONValue)] { if case .object(let p) = self { return p } else { return [] } }
    public var asStrings: [String]? {
        guard case .array(let a) = self else { return nil }
        let s = a.compactMap(\.string)
        return s.count == a.count ? s : nil
    }
}
