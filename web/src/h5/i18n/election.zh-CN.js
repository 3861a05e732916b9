// 简体中文 — the owners' committee election on the phone. Keep keys identical to election.en.js.
export default {
  election: {
    title: '业委会选举',
    seats: '应选 {n} 人 · 任期 {years} 年',
    rule: '请在同意的候选人前打勾，至多选满应选人数；未勾选的视为弃权。候选人须获参与投票业主人数和面积均过半数同意方可当选。',
    tick: '选择同意的候选人（至多 {n} 人）',
    ticked: '已选 {n} / {seats} 人',
    atMost: '至多选择 {n} 人',
    submit: '提交选票',
    confirm: '同意 {names}（共 {n} 人），其余弃权。提交后不能更改。',
    confirmBlank: '没有勾选任何候选人，将作为全部弃权的选票提交。提交后不能更改。',
    voted: '您已投票',
    seatsEmpty: '空缺 {n} 席',
    status: { announced: '公告中', open: '投票中', ended: '待计票', closed: '已计票', published: '已公布', cancelled: '已取消' },
    nomination: { party_organisation: '党组织推荐', residents_committee: '居委会推荐', self: '业主自荐', joint_owners: '业主联名推荐' },
    outcome: { elected: '选举结果：当选名单', seats_empty: '选举结果：部分席位空缺', tie: '末位得票相同，待另行决定', void: '选举无效（参与不足三分之二）' },
  },
}
