import LegalCore

/// §11: the responsible unit reviews the knowledge base «тоқсанына кемінде бір рет» — at least once a quarter.
/// Calendar quarters, each needing a review dated inside it, judged once ended, due its last day and never moved
/// (a reading); from the quarter after the one in which the body first placed an instruction, and not before
/// 2025-Q2, the first whole quarter in force.
enum KnowledgeBase {
    static func judge(_ body: Body, _ ctx: inout Context) throws(PracticeError) {
        for q in Practice.knowledgeBaseQuarters(body, asOf: ctx.asOf) {
            let values: [String: MessageTemplate.Value] = ["quarter": "\(q.id)", "due": "\(q.last)"]
            switch q.state {
            case .notRequired: continue
            case .reviewed:
                // Met only by reviews entered after the quarter had ended: the warning of `RecordedFact`.
                guard let first = q.reviews.first,
                      q.reviews.allSatisfy({ ctx.recorded[RecordedFact(.review, $0.description)].map { $0 > q.last } ?? false }) else { continue }
                ctx.checkRecorded(RecordedFact(.review, first.description), claimed: first, due: q.last, subject: q.id, .recordedReview,
                                  ["quarter": "\(q.id)"], citation: PracticeCode.knowledgeBaseReviewMissed.citations)
            case .missed: ctx.add(q.id, .knowledgeBaseReviewMissed, values) { $0.due = q.last }
            case .running:
                ctx.owe(q.id, .knowledgeBaseReview, due: q.last)
                if ctx.approaching(q.last) {
                    ctx.add(q.id, .approachingReview, values, citation: PracticeCode.knowledgeBaseReviewMissed.citations) { $0.due = q.last }
                }
            }
        }
    }
}

/// A calendar quarter of §11's reviews, as it stands on a day.
public struct ReviewQuarter: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Before the first quarter §11 applies to the body (nothing placed yet, or placed in this quarter).
        case notRequired = "not_required"
        /// A review dated inside it.
        case reviewed
        /// Ended without one.
        case missed
        /// Running, not yet reviewed: due its last day.
        case running
    }
    /// `2026-Q4`.
    public var id: String
    public var year: Int
    /// 1–4.
    public var number: Int
    public var first: LocalDate
    public var last: LocalDate
    /// The reviews dated inside it (up to the day asked about).
    public var reviews: [LocalDate]
    public var state: State
}

extension Practice {
    /// §11's quarters from 2025-Q2 (the first whole quarter in force) to the one containing `asOf`, each with its
    /// reviews and its state — the knowledge base's page and the finding `knowledge_base_review_missed` read the same.
    public static func knowledgeBaseQuarters(_ body: Body, asOf: LocalDate) -> [ReviewQuarter] {
        guard asOf >= firstQuarter.first else { return [] }
        let placed = body.procedures.flatMap(\.instructions).compactMap(\.placedOn).filter { $0 <= asOf }
        let firstRequired = placed.min().map { max(Quarter($0).next, firstQuarter) }
        let reviews = body.knowledgeBaseReviews.filter { $0 <= asOf }.sorted()
        var out: [ReviewQuarter] = []
        var q = firstQuarter
        while q.first <= asOf {
            defer { q = q.next }
            let inside = reviews.filter { q.first <= $0 && $0 <= q.last }
            let state: ReviewQuarter.State
            if let firstRequired, q >= firstRequired {
                state = !inside.isEmpty ? .reviewed : asOf > q.last ? .missed : .running
            } else {
                state = .notRequired
            }
            out.append(ReviewQuarter(id: q.description, year: q.year, number: q.number, first: q.first, last: q.last, reviews: inside, state: state))
        }
        return out
    }
}
