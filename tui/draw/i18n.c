/*
 * i18n.c - the UI's words (see i18n.h).  Keep both columns the same shape:
 * a placeholder in one is a placeholder in the other.
 */
#include <stddef.h>
#include <string.h>

#include "i18n.h"

static const char *const words[M_COUNT][2] = {
	[M_TIMELINE] = {"Timeline", "时间线"},
	[M_LOCKS] = {"Locks", "锁"},
	[M_QUEUES] = {"Queues", "队列"},
	[M_LESSON] = {"Lesson", "课文"},
	[M_CONSOLE] = {"Console", "输出"},
	[M_LESSONS] = {"Lessons", "课程"},
	[M_RUNNING] = {"running", "运行"},
	[M_RUNNABLE] = {"runnable", "就绪"},
	[M_BLOCKED] = {"blocked", "阻塞"},
	[M_SLEEPING] = {"sleeping", "睡眠"},
	[M_EXITED] = {"exited", "已退出"},
	[M_NOT_STARTED] = {"not started", "未开始"},
	[M_MODE_RUN] = {"RUNNING", "运行中"},
	[M_MODE_PAUSED] = {"PAUSED", "已暂停"},
	[M_MODE_DONE] = {"DONE", "已完成"},
	[M_MODE_DEADLOCK] = {"DEADLOCK", "死锁"},
	[M_MODE_CRASHED] = {"CRASHED", "已崩溃"},
	[M_MODE_IDLE] = {"READY", "就绪"},
	[M_HELD_BY] = {"held by", "持有者"},
	[M_FREE] = {"free", "空闲"},
	[M_WAITING] = {"waiting", "等待"},
	[M_ACQ] = {"acq", "获取"},
	[M_CONTENDED] = {"contended", "争用"},
	[M_WAIT] = {"wait", "等待"},
	[M_VIOLATIONS] = {"order violations", "顺序违规"},
	[M_NO_LOCKS] = {"(no locks)", "（没有锁）"},
	[M_NO_QUEUES] = {"(no queues)", "（没有队列）"},
	[M_NO_OUTPUT] = {"(nothing printed yet)", "（暂无输出）"},
	[M_DEPTH] = {"depth", "深度"},
	[M_CAP] = {"cap", "容量"},
	[M_EVENTS] = {"events", "事件"},
	[M_DROPPED] = {"dropped", "丢弃"},
	[M_SPEED] = {"speed", "速度"},
	[M_HINTS_LESSON] = {"Space pause  r restart  +/- speed  [/] zoom  Tab panel  ? help  q quit",
			    "空格 暂停  r 重来  +/- 速度  [/] 缩放  Tab 面板  ? 帮助  q 退出"},
	[M_HINTS_BROWSER] = {"Up/Down choose  Enter start  ? help  q quit",
			     "上/下 选择  回车 开始  ? 帮助  q 退出"},
	[M_HELP_TITLE] = {"Keys", "按键"},
	[M_HELP_KEYS] = {"Enter        start the chosen lesson\n"
			 "Space        pause / resume\n"
			 "r            restart the lesson\n"
			 "+ / -        faster / slower\n"
			 "[ / ]        zoom the time axis in / out\n"
			 "Home / End   whole run / follow the present\n"
			 "Left Right   scroll time (h l); in the text: its code\n"
			 "Up Down      scroll lanes, text, console, objects (k j)\n"
			 "PgUp PgDn    scroll a page\n"
			 "s or .       step mode: step the next actor\n"
			 "1 - 9        step mode: step that actor\n"
			 "p            pause (also in step mode)\n"
			 "Tab          next panel\n"
			 "Esc          close help / back to the lessons\n"
			 "?            this help\n"
			 "q            quit",
			 "回车         开始所选课程\n"
			 "空格         暂停 / 继续\n"
			 "r            重新开始\n"
			 "+ / -        加快 / 放慢\n"
			 "[ / ]        放大 / 缩小时间轴\n"
			 "Home / End   整个运行 / 跟随当前\n"
			 "左 右        滚动时间（h l）；在课文中：左右滚动代码\n"
			 "上 下        滚动泳道、课文、输出、同步对象（k j）\n"
			 "PgUp PgDn    翻页\n"
			 "s 或 .       单步模式：下一个角色走一步\n"
			 "1 - 9        单步模式：让该角色走一步\n"
			 "p            暂停（单步模式中也可）\n"
			 "Tab          切换面板\n"
			 "Esc          关闭帮助 / 返回课程列表\n"
			 "?            本帮助\n"
			 "q            退出"},
	[M_MODE_STEP] = {"STEP", "单步"},
	[M_HINTS_STEP] = {"s step next  1-9 step that actor  Space run  p pause  r restart  ? help  q quit",
			  "s 下一步  1-9 让该角色走一步  空格 连续运行  p 暂停  r 重来  ? 帮助  q 退出"},
	[M_SOURCE] = {"Source", "源代码"},
	[M_NO_SOURCE] = {"(no source for this lesson)", "（本课没有源代码）"},
	[M_NOT_AT_STEP] = {"(not at a step)", "（不在步骤点）"},
	[M_MODE_REPLAY] = {"REPLAY", "回放"},
	[M_HINTS_REPLAY] = {"Space play/pause  . , step  Left Right scrub  Home End  +/- speed  ? help  q quit",
			    "空格 播放/暂停  . , 单步  左右 拖动  Home End  +/- 速度  ? 帮助  q 退出"},
	[M_HELP_CLOSE] = {"Esc or ? closes", "Esc 或 ? 关闭"},
	[M_TOO_SMALL] = {"Weft needs at least 80x24; this terminal is %dx%d. Enlarge it, or press q.",
			 "Weft 至少需要 80x24，当前终端为 %dx%d。请放大窗口，或按 q 退出。"},
	[M_DEADLOCK] = {"DEADLOCK: %s", "死锁：%s"},
	[M_RESTART_HINT] = {"r restarts", "按 r 重来"},
	[M_CRASHED] = {"lesson %s; r restarts", "课程%s；按 r 重来"},
	[M_FINISHED] = {"finished", "已结束"},
	[M_NO_TEXT] = {"(this lesson has no text)", "（本课没有课文）"},
	[M_SUSPENDED] = {"suspended", "挂起"},
	[M_ZOMBIE] = {"zombie", "僵尸"},
	[M_LOOP] = {"Event loop", "事件循环"},
	[M_READY] = {"ready", "就绪"},
	[M_TIMERS] = {"timers", "定时器"},
	[M_TASKS] = {"tasks", "任务"},
	[M_CALLBACKS] = {"callbacks", "回调"},
	[M_LONGEST] = {"longest", "最长"},
	[M_NO_TIMERS] = {"(no timers pending)", "（没有待触发的定时器）"},
	[M_DUE_IN] = {"in", "还有"},
	[M_TASK_PENDING] = {"pending", "待运行"},
	[M_TASK_RUNNING] = {"running", "运行中"},
	[M_TASK_WAITING] = {"waiting", "等待中"},
	[M_TASK_DONE] = {"done", "已完成"},
	[M_TASK_CANCELLED] = {"cancelled", "已取消"},
	[M_TASK_FAILED] = {"failed", "失败"},
	[M_MESSAGE] = {"message", "消息"},
	[M_SYNC] = {"Sync objects", "同步对象"},
	[M_NO_OBJECTS] = {"(no sync objects)", "（没有同步对象）"},
	[M_WAITERS] = {"waiting: ", "等待者："},
	[M_SET] = {"set", "已设置"},
	[M_CLEAR] = {"clear", "未设置"},
	[M_VALUE] = {"value", "值"},
	[M_ARRIVED] = {"arrived", "已到达"},
	[M_PARTIAL] = {"~ counted from events; %llu events lost", "~ 按事件计数；丢失 %llu 个事件"},
	[M_IN_FLIGHT] = {"in flight", "在途"},
	[M_SHUT_DOWN] = {"shut down", "已关闭"},
	[M_LOST] = {"events lost", "事件丢失"},
	[M_POOL] = {"Pool", "池"},
	[M_POOL_WORKERS] = {" %zu workers", " %zu 个 worker"},
	[M_POOL_HEAD] = {"queued %u (max %u)  done %u/%u  reused %u",
			 "排队 %u（最多 %u）  完成 %u/%u  复用 %u"},
	[M_POOL_QUEUE] = {"queue", "队列"},
	[M_POOL_IDLE] = {"idle", "空闲"},
	[M_PID] = {"pid", "pid"},
	/* English in both: it is said where Chinese cannot be shown */
	[M_ZH_REFUSED] = {"Chinese needs a UTF-8 locale (LANG): showing English",
			  "Chinese needs a UTF-8 locale (LANG): showing English"},
	[M_ESC_NO_BACK] = {"Esc: no list to go back to; q quits",
			   "Esc：没有可返回的课程列表；按 q 退出"},
	[M_SIZE_PAUSED] = {"The lesson is paused until then.", "在此之前课程暂停。"},
	[M_MORE_ROWS] = {"%s  +%d ↓", "%s  另有 %d 行 ↓"},
	[M_EXIT_CODE] = {"exited %d", "已退出 %d"},
	[M_EXIT_SIGNAL] = {"killed by SIG%s", "被 SIG%s 终止"},
	[M_POOL_UNSEEN] = {"%zu more not started", "另有 %zu 个尚未启动"},
	/* the screens' truth (issue 14) */
	[M_DL_WAITS] = {"%s waits for lock %s held by %s", "%s 等待锁 %s，它被 %s 持有"},
	[M_DL_SELF] = {"%s waits for lock %s, which it holds itself", "%s 等待锁 %s，而这把锁正被它自己持有"},
	[M_DL_JOINS] = {"%s joins %s", "%s 等待 %s 结束"},
	[M_DL_SEP] = {", ", "；"},
	[M_PARKED] = {"waiting for a step", "等待单步"},
	[M_PARKED_SHORT] = {"at step", "待单步"},
	[M_TW_SLEEP] = {"sleep", "睡眠"},
	[M_TW_TASK] = {"task", "等任务"},
	[M_TW_GET] = {"get", "取自"},
	[M_TW_PUT] = {"put", "放入"},
	[M_TW_JOIN] = {"join", "等待清空"},
	[M_TW_GATHER] = {"gather", "gather"},
	[M_TW_WAIT] = {"wait", "wait"},
	[M_TW_EXECUTOR] = {"executor", "线程池"},
	[M_TW_FUTURE] = {"future", "future"},
	[M_CB_ROW] = {"cb", "回调"},
	[M_HELP_REPLAY] = {"Space        play / pause\n"
			   ".            one event forward\n"
			   ",            one event back\n"
			   "Left Right   move the playhead (h l)\n"
			   "Home / End   the start / the end of the run\n"
			   "r            back to the start\n"
			   "+ / -        play faster / slower\n"
			   "[ / ]        zoom the time axis in / out\n"
			   "Up Down      scroll lanes, text, console, objects (k j)\n"
			   "PgUp PgDn    scroll a page\n"
			   "Tab          next panel\n"
			   "Esc or q     quit the replay\n"
			   "?            this help",
			   "空格         播放 / 暂停\n"
			   ".            前进一个事件\n"
			   ",            后退一个事件\n"
			   "左 右        移动播放位置（h l）\n"
			   "Home / End   运行的开头 / 结尾\n"
			   "r            回到开头\n"
			   "+ / -        播放加快 / 放慢\n"
			   "[ / ]        放大 / 缩小时间轴\n"
			   "上 下        滚动泳道、课文、输出、同步对象（k j）\n"
			   "PgUp PgDn    翻页\n"
			   "Tab          切换面板\n"
			   "Esc 或 q     退出回放\n"
			   "?            本帮助"},
	/* predict, then run, and challenges (issue 16; tui/app/classroom.c) */
	[M_PR_TITLE] = {"Predict, then run", "先预测，再运行"},
	[M_PR_CHOOSE] = {"1-%zu: your answer, then the lesson runs   Esc: run without answering",
			 "1-%zu：选出你的答案，然后运行   Esc：不答，直接运行"},
	[M_PR_NUMBER] = {"type a number, Enter: your answer   Esc: run without answering",
			 "输入一个数，回车确认   Esc：不答，直接运行"},
	[M_PR_RESULT] = {"Your prediction and what happened", "你的预测与实际结果"},
	[M_PR_YOURS] = {"You said:", "你的答案："},
	[M_PR_ACTUAL] = {"The run measured:", "运行测得："},
	[M_PR_RIGHT] = {"Right: the run agrees.", "答对了：运行结果与你的预测一致。"},
	[M_PR_WRONG] = {"Not this time: the run says otherwise.", "这次没猜中：运行结果不一样。"},
	[M_PR_UNKNOWN] = {"This run did not measure it (other --set values?).",
			  "这次运行没有测到它（是不是改了 --set 参数？）。"},
	[M_PR_CLOSE] = {"Enter or Esc closes   a: ask again   r: run again",
			"回车或 Esc 关闭   a：再问一次   r：再运行一次"},
	[M_PR_NONE] = {"this lesson asks no question", "这一课没有预测题"},
	[M_PR_HELP] = {"a            predict: answer the lesson's question, then run",
		       "a            预测：先回答本课的问题，再运行"},
	[M_CH_GOAL] = {"Challenge: %s", "挑战：%s"},
	[M_CH_FREE] = {"Challenge: %s  (counts when stepped: s)", "挑战：%s（单步运行时才算：按 s）"},
	[M_CH_REACHED] = {"Challenge reached in %u steps, schedule kept: weft rerun %s  (%s)",
			  "挑战完成，用了 %u 步，调度已保存：weft rerun %s（%s）"},
};

/* The counters' words, by objkind.h's ids. */
static const struct {
	const char *id, *en, *zh;
} counters[] = {
	{"acquires", "acq", "获取"},   {"contended", "contended", "争用"},
	{"wait_ns", "wait", "等待"},   {"puts", "put", "放入"},
	{"gets", "get", "取出"},       {"peak", "peak", "峰值"},
	{"sets", "sets", "设置"},      {"waits", "waits", "等待"},
	{"notifies", "notifies", "通知"}, {"passes", "rounds", "轮次"},
	{"sent_ab", "sent 0>1", "发送 0>1"}, {"sent_ba", "sent 1>0", "发送 1>0"},
	{"writes", "writes", "写"},    {"reads", "reads", "读"},
	{"submitted", "submitted", "提交"}, {"completed", "completed", "完成"},
	{"callbacks", "callbacks", "回调"}, {"refused", "refused", "拒绝"},
};

const char *tr_counter(const char *id, bool zh)
{
	for (size_t i = 0; id && i < sizeof counters / sizeof counters[0]; i++)
		if (strcmp(counters[i].id, id) == 0)
			return zh ? counters[i].zh : counters[i].en;
	return id ? id : "";
}

const char *tr(enum msg m, bool zh)
{
	if (m >= M_COUNT || !words[m][0])
		return "?";
	return words[m][zh ? 1 : 0];
}
