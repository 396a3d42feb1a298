/// A text in the three languages Rasim speaks: Kazakh (the state language, shown first),
/// Russian, and English (for reviewers and integrators).
public struct LocalizedText: Hashable, Sendable, Codable {
    public var kk: String
    public var ru: String
    public var en: String
    public init(kk: String, ru: String, en: String) { self.kk = kk; self.ru = ru; self.en = en }

    public subscript(language: Language) -> String {
        switch language {
        case .kk: return kk
        case .ru: return ru
        case .en: return en
        }
    }
}

public enum Language: String, Sendable, CaseIterable, Codable { case kk, ru, en }
