import LegalCore

/// §22–24: the three indicators the higher office evaluates, over a period — only cases in force, events dated within
/// the period; a period whose end is not in force gives that end's status and no indicator (docs/reference/supervision.md "KPIs").
enum Indicators {
    static func compute(_ period: ClosedRange<LocalDate>, cases: [(row: SupervisionResult.CaseRow, c: Case)]) -> SupervisionResult.KPIs {
        let fromStatus = ValidityStatus.of(period.lowerBound), toStatus = ValidityStatus.of(period.upperBound)
        var k = SupervisionResult.KPIs(from: period.lowerBound, to: period.upperBound, validity: fromStatus != .inForce ? fromStatus : toStatus)
        guard k.validity == .inForce else { return k }
        let judged = cases.filter { $0.row.validity == .inForce }
        func satisfied(_ p: Protest) -> Bool { p.outcome == .satisfied || p.outcome == .partiallySatisfied }
        func percent(_ n: Int, _ d: Int) -> Rational? { d == 0 ? nil : Rational(n * 100, d) }

        // §22: of the first-instance resolutions annulled or changed on appeal (mandatory categories and cases with the
        // prosecutor's participation), those on the prosecutor's appeal protest; one the Department consented to leave
        // out counts only as excluded.
        var onProtest = 0, divisor = 0, excluded = 0
        for (row, c) in judged where row.mandatory == true || c.prosecutorParticipated {
            guard let appeal = c.appeal, appeal.result != .upheld, period.contains(appeal.decidedOn) else { continue }
            if appeal.exclusion?.consented == true { excluded += 1; continue }
            divisor += 1
            if c.protests.contains(where: { $0.stage == .appeal && satisfied($0) }) { onProtest += 1 }
        }
        k.appealProtestEffectiveness = .init(onProtest: onProtest, annulledOrChanged: divisor, excluded: excluded, percent: percent(onProtest, divisor))

        // §23: 100 % − unsatisfied ÷ considered; an unsatisfied appeal protest is taken off when a cassation protest on
        // a proposal is then satisfied in the same case; withdrawn at the protester's or a higher prosecutor's
        // request is "withdrawn", every other return "returned".
        var considered = 0, unsatisfied = 0, offset = 0, withdrawn = 0, returned = 0
        for (_, c) in judged {
            let cassationOnProposal = c.protests.contains { $0.stage == .cassation && $0.onProposal && satisfied($0) }
            for p in c.protests where p.stage == .appeal && p.outcome != .pending {
                guard let decided = p.decidedOn, period.contains(decided) else { continue }
                switch p.outcome {
                case .satisfied, .partiallySatisfied: considered += 1
                case .unsatisfied:
                    considered += 1; unsatisfied += 1
                    if cassationOnProposal { offset += 1 }
                case .withdrawalGranted:
                    if p.requestedBy == .protester || p.requestedBy == .higherProsecutor { withdrawn += 1 } else { returned += 1 }
                case .returned: returned += 1
                case .pending: break
                }
            }
        }
        let adjusted = unsatisfied - offset
        k.protestSatisfaction = .init(considered: considered, unsatisfied: unsatisfied, adjustedUnsatisfied: adjusted, withdrawn: withdrawn,
                                      returned: returned, percent: percent(considered - adjusted, considered))

        // §24: private resolutions on the prosecutor's motion (shown in the court act, the hearing record or the written
        // conclusion) of all those in cases with the prosecutor's participation.
        var onMotion = 0, total = 0
        for (_, c) in judged where c.prosecutorParticipated {
            for r in c.privateResolutions where period.contains(r.issuedOn) {
                total += 1
                if r.onProsecutorMotion, !r.confirmedBy.isEmpty { onMotion += 1 }
            }
        }
        k.responseEffectiveness = .init(onMotion: onMotion, total: total, percent: percent(onMotion, total))
        return k
    }
}
