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

extension JSONValue {
    public var asString: String? { if case .string(let s) = self { return s } else { return nil } }
    public var asNumber: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }
    public var asArray: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var asPairs: [(String, JSONValue)] { if case .object(let p) = self { return p } else { return [] } }
    public var asStrings: [String]? {
        guard case .array(let a) = self else { return nil }
        let s = a.compactMap(\.asString)
        return s.count == a.count ? s : nil
    }
}
