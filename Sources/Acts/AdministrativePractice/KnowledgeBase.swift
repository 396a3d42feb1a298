import LegalCore

/// §11: the responsible unit reviews the knowledge base «тоқсанына кемінде бір рет» — at least once a quarter.
/// Calendar quarters, each needing a review dated inside it, judged once ended, due its last day and never moved
/// (a reading); from the quarter after the one in which the body first placed an instruction, and not before
/// 2025-Q2, the first whole quarter in force.
enum KnowledgeBase {
    static func judge(_ body: Body, _ ctx: inout Context) throws(PracticeError) {
        let asOf = ctx.asOf
        let placed = body.procedures.flatMap(\.instructions).compactMap(\.placedOn).filter { $0 <= asOf }
        guard let firstPlaced = placed.min() else { return }
        var q = max(Quarter(firstPlaced).next, Practice.firstQuarter)
        let reviews = body.knowledgeBaseReviews.filter { $0 <= asOf }
        while q.first <= asOf {
            defer { q = q.next }
            if reviews.contains(where: { q.first <= $0 && $0 <= q.last }) { continue }
            let values: [String: MessageTemplate.Value] = ["quarter": "\(q)", "due": "\(q.last)"]
            if asOf > q.last {
                ctx.add(q.description, .knowledgeBaseReviewMissed, values) { $0.due = q.last }
            } else if ctx.approaching(q.last) {
                ctx.add(q.description, .approachingReview, values, citation: PracticeCode.knowledgeBaseReviewMissed.citations) { $0.due = q.last }
            }
        }
    }
}
