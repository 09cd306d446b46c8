/**
 * A small Chinese polarity lexicon written for Touchpoint: the common polar words of reviews
 * (hotels, shopping, food, service) on the AFINN scale (−4 … 4), matched on Intl.Segmenter words.
 */
const ZH_WORDS: Record<number, string> = {
  4: '完美 超赞 极好 非常好 特别好 一流 惊艳 无可挑剔 五星 物超所值 太棒了 好极了',
  3: '好评 满意 喜欢 推荐 值得 棒 很棒 赞 点赞 优秀 出色 精彩 完好 好吃 美味 可口 热情 周到 贴心 舒服 舒适 干净 整洁 漂亮 划算 实惠 超值 惊喜 开心 高兴 愉快 感谢 谢谢 给力 专业 喜爱 爱 满分 好用 靠谱 放心 温馨 豪华 不错 很好',
  2: '好 挺好 还行 方便 快 快速 及时 便宜 耐心 礼貌 友好 安静 新鲜 准时 清楚 清晰 好看 好听 大方 稳定 流畅 耐用 正品 实用 细心 认真 负责 宽敞 明亮 便捷 合适 值 热心 和蔼 亲切 优惠 高效 顺利 好玩 香 嫩 正宗 回头客 再来 会再来 支持',
  1: '一般般 还可以 可以 凑合 行 ok 希望',
  [-1]: '一般 慢 贵 偏贵 小 旧 吵 等 排队 麻烦 遗憾 可惜 失误 不足 缺点 问题 毛病 较差 凉 咸 油腻 拥挤 延误 晚点 退货',
  [-2]: '差 很差 不好 不行 失望 不满 不满意 脏 乱 难吃 难用 慢吞吞 态度差 冷漠 敷衍 粗鲁 无礼 傲慢 吵闹 破 坏 坏了 破损 质量差 假货 假 骗 贵了 太贵 不值 不值得 后悔 郁闷 生气 气愤 愤怒 无语 糟糕 糟 烂 难受 不舒服 恶心 臭 异味 发霉 过期 投诉 退款 差评 不推荐 不专业 不负责 失败 错误 漏 少发 发错 不靠谱 忽悠 坑 坑人 上当 难闻 简陋 老旧 潮湿 噪音 隔音差 不干净 不新鲜 骗人',
  [-3]: '很差劲 差劲 垃圾 恶劣 极差 太差 非常差 特别差 太失望 非常失望 气死 恶心死了 骗子 欺骗 黑店 坑爹 无耻 可恶 讨厌 最差',
  [-4]: '最差劲 垃圾中的垃圾 再也不来 再也不会',
};

export const ZH_LEXICON: ReadonlyMap<string, number> = new Map(
  Object.entries(ZH_WORDS).flatMap(([weight, words]) =>
    words
      .split(' ')
      .filter(Boolean)
      .map((word) => [word, Number(weight)] as const),
  ),
);

/** The longest lexicon entry, in characters: the window of the longest-match scan inside a word. */
export const ZH_MAX_WORD = Math.max(...[...ZH_LEXICON.keys()].map((word) => word.length));

/** Negation characters looked for just before a polar word ("不满意", "没有想象中好"). */
export const ZH_NEGATORS = /[不没未别无]/u;
/** Degree adverbs looked for just before a polar word. */
export const ZH_INTENSIFIERS = /非常|特别|十分|相当|超级|极其|真的|[很太超真最挺极]/gu;
