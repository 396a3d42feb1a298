import Storage

/// What `rasim findings rebuild` did for one feature's kept judgements (`WebFeature.rebuildJudgements`).
public struct JudgementRebuild: Sendable, Equatable {
    public var module: String
    /// The version of the rules the judgements were made by (each kept judgement records it).
    public var rules: String
    /// Subjects read; of them, judged for the first time (nothing was kept), judged again (their kept judgement
    /// no longer held) and, of those, changed — a finding added, removed, or worded otherwise.
    public var subjects = 0
    public var firstJudged = 0
    public var judgedAgain = 0
    public var changed = 0
    /// Findings of the subjects judged (for the first time or again), before and after.
    public var findingsBefore = 0
    public var findingsAfter = 0

    public init(module: String, rules: String) { self.module = module; self.rules = rules }

    /// Counts one page: `page` subjects read, `kept` judged now, `held` those of them that had a kept judgement,
    /// `before` their findings as kept until then.
    public mutating func count(page: Int, kept: [StoredJudgement], held: Set<String>, before: [String: [StoredFinding]]) {
        subjects += page
        for j in kept {
            guard held.contains(j.subject) else { firstJudged += 1; findingsAfter += j.findings.count; continue }
            judgedAgain += 1
            let old = before[j.subject] ?? []
            findingsBefore += old.count
            findingsAfter += j.findings.count
            if old.map({ [$0.code, $0.body] }) != j.findings.map({ [$0.code, $0.body] }) { changed += 1 }
        }
    }
}
