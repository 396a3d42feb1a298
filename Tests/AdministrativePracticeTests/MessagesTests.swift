@testable import AdministrativePractice
import LegalCore
import Testing

@Suite("ADM-PRACTICE-2025 messages: one table, the same slots in kk, ru and en")
struct PracticeMessagesTests {
    @Test("every message fills the same slots in the three languages; every code has one")
    func slots() {
        for m in Message.allCases {
            let s = m.template.slots
            #expect(s[0] == s[1] && s[1] == s[2], "\(m): \(s)")
        }
        #expect(Set(Message.allCases.map(\.code)) == Set(PracticeCode.allCases))
    }

    @Test("three months later: the same day-number, or the month's last day")
    func months() {
        #expect(LocalDate(year: 2025, month: 11, day: 30)!.addingMonths(3) == LocalDate(year: 2026, month: 2, day: 28)!)
        #expect(LocalDate(year: 2025, month: 4, day: 6)!.addingMonths(3) == LocalDate(year: 2025, month: 7, day: 6)!)
        #expect(LocalDate(year: 2027, month: 11, day: 29)!.addingMonths(3) == LocalDate(year: 2028, month: 2, day: 29)!)
    }
}
