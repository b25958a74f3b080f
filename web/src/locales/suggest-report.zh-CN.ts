export default {
  suggestReport: {
    title: '智能建议效果',
    hint: '坐席直接采纳建议的比例,以及按来电原因的准确率',
    retrain: '立即重新训练',
    trainedAt: '模型训练于',
    examples: '训练样本',
    holdout: '留出集准确率',
    confirmed: '采纳率',
    noModel: '暂无模型:需要至少 30 条已确认来电原因的接触记录或工单',
    reason: '来电原因',
    suggested: '建议次数',
    accepted: '被采纳',
    accuracy: '准确率',
  },
}
