import LegalCore
@testable import PublicServices
import Testing

/// Issue 13: every finding message goes through one table per code and language (Messages.swift).
@Suite("Finding messages: one table, the same slots in kk, ru and en")
struct MessagesTests {
    @Test("every message fills the same slots in the three languages, and every code has a message")
    func slots() {
        for m in Message.allCases {
            let s = m.template.slots
            #expect(s[0] == s[1] && s[1] == s[2], "\(m): kk \(s[0].sorted()), ru \(s[1].sorted()), en \(s[2].sorted())")
            #expect(!m.template.kk.isEmpty && !m.template.ru.isEmpty && !m.template.en.isEmpty)
        }
        #expect(Set(Message.allCases.map(\.code)) == Set(FindingCode.allCases), "a code without a message")
    }

    @Test("a rendered message has no slot left: values per language, and the same value in all")
    func render() {
        let t = Message.deadlineApproaching.text(["when": .init(LocalizedText(kk: "бүгін", ru: "сегодня", en: "today")), "due": "2025-03-04"])
        #expect(t.kk == "Мерзім бүгін аяқталады (2025-03-04): нәтиже әлі берілмеген.")
        #expect(t.ru == "Срок истекает сегодня (2025-03-04): результат ещё не выдан.")
        #expect(t.en == "The term ends today (2025-03-04); no result yet.")
        // A missing value stays visible rather than vanishing.
        #expect(Message.excessDocuments.text(["when": "10:00"]).en.contains("{list}"))
        #expect(MessageTemplate(kk: "{a}{", ru: "}{a}", en: "x{a}y").render(["a": "1"]) == LocalizedText(kk: "1{", ru: "}1", en: "x1y"))
    }
}
