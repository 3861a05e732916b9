// English — the owners' committee election on the phone. Keep keys identical to election.zh-CN.js.
export default {
  election: {
    title: 'Committee election',
    seats: '{n} seats · {years}-year term',
    rule: 'Tick the candidates you agree to, at most as many as there are seats; the others count as abstentions. A candidate needs more than half of the participating owners and area.',
    tick: 'Candidates you agree to (at most {n})',
    ticked: '{n} of {seats} chosen',
    atMost: 'At most {n}',
    submit: 'Cast ballot',
    confirm: 'Agree to {names} ({n}), abstain on the others. A ballot cannot be changed.',
    confirmBlank: 'Nobody is ticked: the ballot abstains on everyone. A ballot cannot be changed.',
    voted: 'You have voted',
    seatsEmpty: '{n} seats empty',
    status: { announced: 'Announced', open: 'Voting', ended: 'To be counted', closed: 'Counted', published: 'Published', cancelled: 'Cancelled' },
    nomination: { party_organisation: 'Party organisation', residents_committee: "Residents' committee", self: 'Self', joint_owners: 'Jointly by owners' },
    outcome: { elected: 'Result: elected', seats_empty: 'Result: some seats empty', tie: 'Tie at the last seat, to be decided', void: 'Void (less than two thirds took part)' },
  },
}
