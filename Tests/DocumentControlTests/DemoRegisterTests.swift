import BundledData
import DocumentControl
@testable import DocumentControlFeature
import Foundation
import JSONKit
import LegalCore
import Testing
import WorkCalendar

/// The demo ministry's register (2016–2018) is what a register kept under the decree looks like: every item a valid
/// input of the contract, judged without a refusal, with the misses a real register has across the sections — and,
/// imported as the body's first stored state, no entry marked as made after its term.
@Suite("The demo register (MODEL-REG-2008)")
struct DemoRegisterTests {
    static let calendar = try! BundledData.calendar(overridesPath: nil, environment: [:])

    @Test func theDemoRegisterIsValidAndHasTheMissesOfARealOne() throws {
        let items = try DocumentsDemo.items(Self.calendar).map {
            DocumentsStore.Item(body: DocumentsDemo.body, id: $0.id, kind: $0.kind, unit: $0.unit, json: $0.json, facts: $0.facts)
        }
        #expect(Set(items.map(\.id)).count == items.count, "ids are unique")
        let text = DocumentsRegister.document(items, asOf: "2019-03-13T23:59:59+06:00").text
        let input = try Array(text.utf8).withUnsafeBytes { b in try DocumentsJSON.input(b, calendar: Self.calendar) }
        #expect(input.incoming.count > 400 && input.controlled.count > 200 && input.drafts.count == 36)
        let result = try Documents.evaluate(input, calendar: Self.calendar)
        let codes = Set(result.findings.map(\.code))
        // Every section has its misses; most items have none.
        for code: DocumentCode in [.overTwoHours, .returnNotSameDay, .reviewLate, .controlTermMissed, .lateToLeadership, .implementationPlanLate, .visasLate,
                                   .postMeetingLate, .legalServiceSkipped, .planDraftedLate, .collegiumWithoutQuorum, .collegiumSubstitute,
                                   .decisionWithoutMajority, .quarterlyReviewMissing, .monitoringSummaryLate, .weeklyListMissing, .outgoingFormBreach] {
            #expect(codes.contains(code), "\(code.rawValue)")
        }
        let missed = Set(result.findings.filter { $0.section == .controlled }.map(\.subject))
        #expect(missed.count * 3 < input.controlled.count, "mostly in time: \(missed.count) of \(input.controlled.count)")
        // Imported at once: the first stored state, taken as it stands.
        let stamped = items.map { var i = $0; i.createdAt = "2026-12-07T10:00:00.000Z"; i.factRecords = i.facts.map { _ in ("2026-12-07T10:00:00.000Z", "demo") }; return i }
        #expect(DocumentsRegister.recorded(stamped) { $0.localDate(offsetSeconds: 5 * 3600) }.isEmpty)
        // One fact added later is an entry with its day.
        var later = stamped
        later[1].facts.append(#"{"reviewedAt": "2016-01-05T10:00:00+06:00"}"#)
        later[1].factRecords.append(("2026-12-08T04:00:00.000Z", "docs"))
        #expect(DocumentsRegister.recorded(later) { $0.localDate(offsetSeconds: 5 * 3600) } == [RecordKey.field(later[1].id, "reviewedAt"): LocalDate(year: 2026, month: 12, day: 8)!])
    }
}
