/// A message in the three languages with named slots — `{late}` — filled when a finding is made (issue 13:
/// every finding message goes through one table per code and language, so each act writes its messages the
/// same way, a translator reads them side by side, and a test can check that every language fills the same
/// slots).
public struct MessageTemplate: Sendable, Hashable {
    public let kk: String
    public let ru: String
    public let en: String
    public init(kk: String, ru: String, en: String) { self.kk = kk; self.ru = ru; self.en = en }

    /// A slot's value: the same text in every language, or its own per language.
    public struct Value: Sendable, ExpressibleByStringInterpolation {
        public let text: LocalizedText
        public init(_ text: LocalizedText) { self.text = text }
        public init(stringLiteral s: String) { text = LocalizedText(kk: s, ru: s, en: s) }
        public init(stringInterpolation: DefaultStringInterpolation) {
            let s = String(stringInterpolation: stringInterpolation)
            text = LocalizedText(kk: s, ru: s, en: s)
        }
    }

    /// The text with its slots filled; a slot without a value stays as written (a test keeps that from happening).
    public func render(_ values: [String: Value]) -> LocalizedText {
        LocalizedText(kk: Self.fill(kk, values, \.kk), ru: Self.fill(ru, values, \.ru), en: Self.fill(en, values, \.en))
    }

    /// The slot names each language uses, in the order kk, ru, en.
    public var slots: [Set<String>] { [kk, ru, en].map(Self.slots(in:)) }

    static func slots(in text: String) -> Set<String> {
        var out = Set<String>(), name: String? = nil
        for c in text {
            if c == "{" { name = "" } else if c == "}", let n = name { out.insert(n); name = nil } else if name != nil { name!.append(c) }
        }
        return out
    }

    static func fill(_ text: String, _ values: [String: Value], _ pick: KeyPath<LocalizedText, String>) -> String {
        var out = "", name: String? = nil
        for c in text {
            if c == "{" {
                if let n = name { out += "{" + n }
                name = ""
            } else if c == "}", let n = name {
                out += values[n].map { $0.text[keyPath: pick] } ?? "{\(n)}"
                name = nil
            } else if name != nil {
                name!.append(c)
            } else {
                out.append(c)
            }
        }
        if let n = name { out += "{" + n }
        return out
    }
}
