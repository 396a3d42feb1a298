import Identifiers
import LegalCore

/// Typed access to a JSON object's fields, each error naming its path.
public struct Fields {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String) throws(InputError) {
        guard case .object = value else { throw InputError("expected an object, got \(value.typeName)", path: path, reason: .type) }
        self.value = value; self.path = path
    }

    public func at(_ key: String) -> String { path + "." + key }

    /// A present, non-null field.
    public func optional(_ key: String) -> JSONValue? {
        guard let v = value[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    public func required(_ key: String) throws(InputError) -> JSONValue {
        guard let v = optional(key) else { throw InputError("missing required field \"\(key)\"", path: at(key), reason: .missing) }
        return v
    }

    public func string(_ key: String) throws(InputError) -> String {
        try Fields.string(required(key), at(key))
    }
    public func optionalString(_ key: String) throws(InputError) -> String? {
        try optional(key).map { v throws(InputError) in try Fields.string(v, at(key)) }
    }
    /// A string: never with a control character other than a line break or tab (`TextRule`).
    public static func string(_ v: JSONValue, _ path: String) throws(InputError) -> String {
        guard case .string(let s) = v else { throw InputError("expected a string, got \(v.typeName)", path: path, reason: .type) }
        if let problem = TextRule.problem(s, multiline: true) { throw InputError(problem, path: path, reason: .text) }
        return s
    }

    /// An identifier (`RecordID`: letters, digits, `- _ . : # №`, at most 128).
    public func identifier(_ key: String) throws(InputError) -> String { try Fields.identifier(required(key), at(key)) }
    public func optionalIdentifier(_ key: String) throws(InputError) -> String? {
        try optional(key).map { v throws(InputError) in try Fields.identifier(v, at(key)) }
    }
    public static func identifier(_ v: JSONValue, _ path: String) throws(InputError) -> String {
        let s = try string(v, path)
        if let problem = RecordID.problem(s) { throw InputError("an identifier " + problem, path: path, reason: .identifier) }
        return s
    }
    public func identifiers(_ key: String, default d: [String]? = nil) throws(InputError) -> [String] {
        let list = try strings(key, default: d)
        for (i, s) in list.enumerated() {
            if let problem = RecordID.problem(s) { throw InputError("an identifier " + problem, path: at(key) + "[\(i)]", reason: .identifier) }
        }
        return list
    }
    public func optionalIdentifiers(_ key: String) throws(InputError) -> [String]? {
        optional(key) == nil ? nil : try identifiers(key)
    }
    /// A one-line name (no line breaks either).
    public func optionalName(_ key: String) throws(InputError) -> String? {
        guard let s = try optionalString(key) else { return nil }
        if let problem = TextRule.problem(s) { throw InputError(problem, path: at(key), reason: .text) }
        return s
    }
    public func nonEmptyString(_ key: String) throws(InputError) -> String {
        let s = try string(key)
        guard !s.isEmpty else { throw InputError("must not be empty", path: at(key), reason: .empty) }
        return s
    }

    public func int(_ key: String, min: Int? = nil, max: Int? = nil) throws(InputError) -> Int {
        try Fields.int(required(key), at(key), min: min, max: max)
    }
    public func optionalInt(_ key: String, min: Int? = nil, max: Int? = nil) throws(InputError) -> Int? {
        try optional(key).map { v throws(InputError) in try Fields.int(v, at(key), min: min, max: max) }
    }
    public static func int(_ v: JSONValue, _ path: String, min: Int? = nil, max: Int? = nil) throws(InputError) -> Int {
        guard case .number(let s) = v, let n = Int(s) ?? Fields.integral(s) else { throw InputError("expected a whole number, got \(v.typeName == "a number" ? "a fraction" : v.typeName)", path: path, reason: .type) }
        if let min, n < min { throw InputError("must be at least \(min), got \(n)", path: path, reason: .range) }
        if let max, n > max { throw InputError("must be at most \(max), got \(n)", path: path, reason: .range) }
        return n
    }

    /// The largest whole number every JSON reader holds exactly (2^53 − 1, RFC 7493 I-JSON): the bound of counts
    /// and positions, so that a client in any language reads back what it sent.
    public static let maxExact = 9_007_199_254_740_991

    /// A number JSON writes with a fraction or an exponent whose value is whole (`12.0`, `1.5e1`), as JSON Schema
    /// counts it an integer; exact up to 2^53.
    static func integral(_ s: String) -> Int? {
        guard let d = Double(s), d.isFinite, d == d.rounded(), abs(d) <= 9_007_199_254_740_992 else { return nil }
        return Int(d)
    }

    public func bool(_ key: String, default d: Bool) throws(InputError) -> Bool {
        guard let v = optional(key) else { return d }
        guard case .bool(let b) = v else { throw InputError("expected true or false, got \(v.typeName)", path: at(key), reason: .type) }
        return b
    }

    public func strings(_ key: String, default d: [String]? = nil) throws(InputError) -> [String] {
        guard let v = optional(key) else {
            if let d { return d }
            throw InputError("missing required field \"\(key)\"", path: at(key), reason: .missing)
        }
        return try Fields.strings(v, at(key))
    }

    public static func strings(_ v: JSONValue, _ path: String) throws(InputError) -> [String] {
        guard case .array(let items) = v else { throw InputError("expected a list of strings, got \(v.typeName)", path: path, reason: .type) }
        var out: [String] = []
        for (i, item) in items.enumerated() { out.append(try string(item, path + "[\(i)]")) }
        return out
    }

    public func array(_ key: String) throws(InputError) -> [JSONValue] {
        let v = try required(key)
        guard case .array(let items) = v else { throw InputError("expected a list, got \(v.typeName)", path: at(key), reason: .type) }
        return items
    }

    public func date(_ key: String) throws(InputError) -> LocalDate {
        let s = try string(key)
        guard let d = LocalDate(s) else { throw InputError("\"\(s)\" is not a date YYYY-MM-DD", path: at(key), reason: .date) }
        return d
    }

    public func instant(_ key: String) throws(InputError) -> Instant {
        let s = try string(key)
        guard let t = Instant(iso: s) else {
            throw InputError("\"\(s)\" is not an ISO 8601 instant with an offset (e.g. 2025-03-03T10:00:00+05:00)", path: at(key), reason: .instant)
        }
        return t
    }

    public func oneOf<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(InputError) -> T where T.RawValue == String {
        let s = try string(key)
        guard let v = T(rawValue: s) else {
            throw InputError("unknown value \"\(s)\": expected one of \(T.allCases.map { $0.rawValue }.joined(separator: ", "))", path: at(key), reason: .unknownValue)
        }
        return v
    }
    public func optionalOneOf<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(InputError) -> T? where T.RawValue == String {
        optional(key) == nil ? nil : try oneOf(key, type)
    }

    public func localized(_ key: String) throws(InputError) -> LocalizedText {
        let v = try required(key)
        if case .string = v { let s = try Fields.string(v, at(key)); return LocalizedText(kk: s, ru: s, en: s) }
        let f = try Fields(v, path: at(key))
        let kk = try f.optionalString("kk"), ru = try f.optionalString("ru"), en = try f.optionalString("en")
        guard let any = kk ?? ru ?? en else { throw InputError("needs at least one of kk, ru, en", path: at(key), reason: .missing) }
        return LocalizedText(kk: kk ?? ru ?? any, ru: ru ?? kk ?? any, en: en ?? ru ?? kk ?? any)
    }
}
