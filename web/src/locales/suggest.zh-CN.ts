// UI strings for the suggested service type and contact reason.
export default {
  suggest: {
    label: '建议',
    loading: '正在分析摘要…',
    accept: '采纳',
    acceptHint: 'Alt+Enter 采纳',
    accepted: '已采纳建议',
    alternatives: '其他可能',
    noModel: '暂无建议模型（需要更多已标注来电原因的记录）',
    training: '建议模型训练中…',
    unsure: '暂无把握，请手动选择',
    title: '根据本单位已确认的历史记录给出的建议，可按 Alt+Enter 一键采纳，也可自行选择',
  },
}
