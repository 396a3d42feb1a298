import LegalCore

/// A rule's refusal as it leaves an act's adapter for a page: a translation key and its values, never a
/// sentence. The page words it in the user's language — dates and instants local, words (event kinds, terms)
/// from the translation tables — and puts it beside `field`. The API keeps its own English `message`.
public struct Refusal: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// Shown as it is (an id, a number).
        case text(String)
        /// A moment, shown as a local date and time.
        case instant(Instant)
        case date(LocalDate)
        /// A translation key (an event kind's name, say), shown in the user's language.
        case word(String)
    }
    public var key: String
    public var values: [String: Value]
    /// The form field it concerns (the last name of its JSON path), if any.
    public var field: String?

    public init(key: String, values: [String: Value] = [:], field: String? = nil) {
        self.key = key; self.values = values; self.field = field
    }
}
