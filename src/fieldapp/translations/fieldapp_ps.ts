<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ps" sourcelanguage="en">
<context>
    <name>AboutPage</name>
    <message>
        <source>About fieldapp</source>
        <translation>د فیلډ اپ په اړه</translation>
    </message>
    <message>
        <source>fieldapp keeps your tasks, training and submissions on this laptop and sends them to the server whenever there is a connection. Your work is saved as soon as you type it.</source>
        <translation>فیلډ اپ ستاسو دندې، روزنه او سپارل شوي کارونه په دې لپټاپ ساتي او هر کله چې اړیکه وي سرور ته یې لېږي. څه چې لیکئ سم دلاسه خوندي کېږي.</translation>
    </message>
    <message>
        <source>Diagnostics (for whoever helps you):</source>
        <translation>تشخیص (د هغه چا لپاره چې مرسته درسره کوي):</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>تشخیص</translation>
    </message>
    <message>
        <source>&amp;Copy diagnostics</source>
        <translation>تشخیص کاپي کړئ (&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>د لاګ فولډر پرانیزئ (&amp;L)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>په اړه</translation>
    </message>
    <message>
        <source>Version %1. Last successful sync: %2.</source>
        <translation>نسخه %1. وروستۍ بریالۍ همغږي: %2.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>هېڅکله</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Opening a file</source>
        <translation>د فایل پرانیستل</translation>
    </message>
    <message>
        <source>This file could not be opened: %1</source>
        <translation>دا فایل پرانیستل نه شو: %1</translation>
    </message>
    <message>
        <source>fieldapp does not open this kind of file (%1), to keep this laptop safe. Photos, PDF, sound, video and text files open.</source>
        <translation>د دې لپټاپ د خوندي ساتلو لپاره فیلډ اپ دا ډول فایل (%1) نه پرانیزي. انځورونه، PDF، غږ، ویډیو او د متن فایلونه پرانیستل کېږي.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>What</source>
        <translation>څه</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>ساحه</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>ستاسو بدلون</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>په سرور</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>بدلونګر</translation>
    </message>
    <message>
        <source>When</source>
        <translation>کله</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>جوړ شوی</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>ولې رد شو</translation>
    </message>
    <message>
        <source>Conflicts and refused changes</source>
        <translation>ټکرونه او رد شوي بدلونونه</translation>
    </message>
    <message>
        <source>Someone else changed these on the server before your change arrived. The server's version is in use now. Choose which one to keep.</source>
        <translation>مخکې له دې چې ستاسو بدلون ورسېږي، بل چا دا په سرور بدل کړل. اوس د سرور نسخه کارېږي. وټاکئ چې کومه وساتئ.</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>ټکرونه</translation>
    </message>
    <message>
        <source>Keep the &amp;server's version</source>
        <translation>د سرور نسخه وساتئ (&amp;S)</translation>
    </message>
    <message>
        <source>Keep &amp;mine (send it again)</source>
        <translation>زما وساتئ (بیا یې ولېږئ) (&amp;M)</translation>
    </message>
    <message>
        <source>The server did not accept these changes. They will not be sent again.</source>
        <translation>سرور دا بدلونونه ونه منل. بیا به نه لېږل کېږي.</translation>
    </message>
    <message>
        <source>Refused changes</source>
        <translation>رد شوي بدلونونه</translation>
    </message>
    <message>
        <source>I have seen this, &amp;remove it</source>
        <translation>ما ولید، لرې یې کړئ (&amp;R)</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>ټکرونه (%1)</translation>
    </message>
    <message>
        <source>Refused changes (%1)</source>
        <translation>رد شوي بدلونونه (%1)</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <source>Training content (optional)</source>
        <translation>روزنیزه منځپانګه (اختیاري)</translation>
    </message>
    <message>
        <source>If the USB stick has a content pack (.fieldpack), import it now so training and tasks are there without internet. You can skip this step.</source>
        <translation>که په یو اس بي کې د منځپانګې بنډل (.fieldpack) وي، اوس یې راوړئ چې روزنه او دندې پرته له انټرنېټه موجودې وي. دا ګام پرېښودلی شئ.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>وټاکئ…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>راوړل</translation>
    </message>
    <message>
        <source>Choose a content pack</source>
        <translation>د منځپانګې بنډل وټاکئ</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>د فیلډ اپ بنډلونه (*.fieldpack)</translation>
    </message>
    <message>
        <source>Choose the content pack file first.</source>
        <translation>لومړی د منځپانګې د بنډل فایل وټاکئ.</translation>
    </message>
    <message>
        <source>Checking and importing the pack… This can take a few minutes.</source>
        <translation>بنډل کتل کېږي او راوړل کېږي… دا ښايي څو دقیقې ونیسي.</translation>
    </message>
    <message>
        <source>%1: %2 records and %3 files imported.</source>
        <translation>%1: %2 ریکارډونه او %3 فایلونه راوړل شول.</translation>
    </message>
    <message>
        <source>The pack was not imported, and nothing was changed. %1</source>
        <translation>بنډل رانه وړل شو او هېڅ بدلون ونه شو. %1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Intern</source>
        <translation>انټرن</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>سپارل شوي کارونه</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>منظور شوی</translation>
    </message>
    <message>
        <source>Lessons finished</source>
        <translation>بشپړ شوي لوستونه</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 له %2 څخه</translation>
    </message>
    <message>
        <source>Training done</source>
        <translation>روزنه بشپړه</translation>
    </message>
    <message>
        <source>Cohort dashboard</source>
        <translation>د ډلې ډشبورډ</translation>
    </message>
    <message>
        <source>C&amp;ohort:</source>
        <translation>ډله: (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Refresh from the server</source>
        <translation>له سرور څخه تازه کړئ (&amp;R)</translation>
    </message>
    <message>
        <source>Submissions by status</source>
        <translation>د حالت له مخې سپارل شوي کارونه</translation>
    </message>
    <message>
        <source>Training completion per intern</source>
        <translation>د هرې انټرنې د روزنې بشپړتیا</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ډشبورډ</translation>
    </message>
    <message>
        <source>No cohorts on this laptop yet.</source>
        <translation>په دې لپټاپ لا کومه ډله نشته.</translation>
    </message>
    <message>
        <source>From this laptop's data. Asking the server for the latest…</source>
        <translation>د دې لپټاپ له معلوماتو. له سرور څخه تازه معلومات غوښتل کېږي…</translation>
    </message>
    <message>
        <source>Latest figures from the server.</source>
        <translation>له سرور څخه تازه شمېرې.</translation>
    </message>
    <message>
        <source>From this laptop's data (the server could not be reached: %1).</source>
        <translation>د دې لپټاپ له معلوماتو (سرور ته لاسرسی ونه شو: %1).</translation>
    </message>
</context>
<context>
    <name>ExportWorkDialog</name>
    <message>
        <source>Export my work</source>
        <translation>زما کار صادر کړئ</translation>
    </message>
    <message>
        <source>Write everything waiting to be sent to a file on the USB stick. Only the server can read it. Handing it in twice, or syncing later, sends nothing twice.</source>
        <translation>هر هغه څه چې د لېږلو په تمه دي، په یو اس بي کې یو فایل ته ولیکئ. یوازې سرور یې لوستلی شي. دوه ځله سپارل یا وروسته همغږي هېڅ شی دوه ځله نه لېږي.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>صادرول</translation>
    </message>
    <message>
        <source>Save my work as</source>
        <translation>زما کار په دې نوم خوندي کړئ</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>د فیلډ اپ بنډلونه (*.fieldpack)</translation>
    </message>
    <message>
        <source>Writing the pack…</source>
        <translation>بنډل لیکل کېږي…</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent, so no file was written.</source>
        <translation>هېڅ شی د لېږلو په تمه نه دی، نو هېڅ فایل ونه لیکل شو.</translation>
    </message>
    <message>
        <source>Saved %1: %2 changes and %3 files. Give it to your coordinator.</source>
        <translation>%1 خوندي شو: %2 بدلونونه او %3 فایلونه. خپلې همغږې ته یې ورکړئ.</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>This laptop is ready</source>
        <translation>دا لپټاپ چمتو دی</translation>
    </message>
    <message>
        <source>People on this laptop: %1.</source>
        <translation>په دې لپټاپ کسان: %1.</translation>
    </message>
    <message>
        <source>The training content is on the laptop.</source>
        <translation>روزنیزه منځپانګه په لپټاپ کې ده.</translation>
    </message>
    <message>
        <source>The first time the laptop reaches the internet, each person's setup is finished automatically. Until then everything works offline.</source>
        <translation>کله چې لپټاپ لومړی ځل انټرنېټ ته ورسېږي، د هر چا جوړونه پخپله بشپړېږي. تر هغه پورې هر څه آفلاین کار کوي.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up fieldapp</source>
        <extracomment>The people made here with their data keys (so their codes and content can be stored sealed).</extracomment>
        <translation>فیلډ اپ جوړ کړئ</translation>
    </message>
    <message>
        <source>Save these people</source>
        <translation>دا کسان خوندي کړئ</translation>
    </message>
</context>
<context>
    <name>ImportPackDialog</name>
    <message>
        <source>Import content pack</source>
        <translation>د منځپانګې بنډل راوړئ</translation>
    </message>
    <message>
        <source>Choose a content pack (.fieldpack) from the USB stick. It is checked first; a changed or damaged pack is refused and nothing is imported.</source>
        <translation>له یو اس بي څخه د منځپانګې بنډل (.fieldpack) وټاکئ. لومړی کتل کېږي؛ بدل شوی یا خراب بنډل ردېږي او هېڅ نه راوړل کېږي.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>راوړل</translation>
    </message>
    <message>
        <source>Choose a content pack</source>
        <translation>د منځپانګې بنډل وټاکئ</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>د فیلډ اپ بنډلونه (*.fieldpack)</translation>
    </message>
    <message>
        <source>Choose the content pack file first.</source>
        <translation>لومړی د منځپانګې د بنډل فایل وټاکئ.</translation>
    </message>
    <message>
        <source>Checking and importing the pack…</source>
        <translation>بنډل کتل کېږي او راوړل کېږي…</translation>
    </message>
    <message>
        <source>Imported %1 records and %2 files.</source>
        <translation>%1 ریکارډونه او %2 فایلونه راوړل شول.</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Intern</source>
        <extracomment>Tab -&gt; the submission statuses it lists.</extracomment>
        <translation>انټرن</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>دنده</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>نسخه</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>حالت</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>لېږل شوی</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>کتنې</translation>
    </message>
    <message>
        <source>Which submissions to show</source>
        <translation>کوم سپارل شوي کارونه وښودل شي</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>سپارل شوي کارونه</translation>
    </message>
    <message>
        <source>New (%1)</source>
        <translation>نوي (%1)</translation>
    </message>
    <message>
        <source>Waiting on the intern (%1)</source>
        <translation>د انټرن په تمه (%1)</translation>
    </message>
    <message>
        <source>Done (%1)</source>
        <translation>بشپړ (%1)</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>دلته هېڅ نشته.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>To do</source>
        <translation>باید وشي</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>روان دی</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>بشپړ</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>نه دی پیل شوی</translation>
    </message>
    <message>
        <source>Draft (not sent)</source>
        <translation>مسوده (نه ده لېږل شوې)</translation>
    </message>
    <message>
        <source>Submitted, waiting for review</source>
        <translation>سپارل شوی، د کتنې په تمه</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>منظور شوی</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>بدلونونه غوښتل شوي</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>تبصره</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>حالت</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>سرلیک</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>تشریح</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>وروستۍ نېټه</translation>
    </message>
    <message>
        <source>Task status</source>
        <translation>د دندې حالت</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>سپارل شوی کار</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>کتنه</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>د روزنې پرمختګ</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>دنده</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language · زبان · ژبه</source>
        <translation>Language · زبان · ژبه</translation>
    </message>
    <message>
        <source>Choose the language for this laptop. Each person can change it later.</source>
        <translation>د دې لپټاپ ژبه وټاکئ. هر څوک یې وروسته بدلولی شي.</translation>
    </message>
</context>
<context>
    <name>LessonReader</name>
    <message>
        <source>Lesson</source>
        <translation>لوست</translation>
    </message>
    <message>
        <source>%1 files of this lesson arrive with the next sync.</source>
        <translation>د دې لوست %1 فایلونه به په راتلونکي همغږي راشي.</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>%1 ولولئ</translation>
    </message>
    <message>
        <source>Play %1</source>
        <translation>%1 وغږوئ</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 پرانیزئ</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>fieldapp</source>
        <translation>فیلډ اپ</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>پاڼې</translation>
    </message>
</context>
<context>
    <name>MediaDialog</name>
    <message>
        <source>&amp;Play</source>
        <translation>غږول (&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation>درول (&amp;A)</translation>
    </message>
</context>
<context>
    <name>MenteesPage</name>
    <message>
        <source>passed (%1%)</source>
        <translation>بریالۍ (%1%)</translation>
    </message>
    <message>
        <source>not passed yet (%1 tries)</source>
        <translation>لا بریالۍ نه ده (%1 هڅې)</translation>
    </message>
    <message>
        <source>not tried</source>
        <translation>هڅه یې نه ده کړې</translation>
    </message>
    <message>
        <source>Intern</source>
        <translation>انټرن</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>موډیول</translation>
    </message>
    <message>
        <source>Lessons finished</source>
        <translation>بشپړ شوي لوستونه</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 له %2 څخه</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>ازموینه</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>بشپړ</translation>
    </message>
    <message>
        <source>Mentees' training</source>
        <translation>د زده کوونکو روزنه</translation>
    </message>
    <message>
        <source>Mentees' training progress</source>
        <translation>د زده کوونکو د روزنې پرمختګ</translation>
    </message>
    <message>
        <source>No mentees on this laptop yet. They arrive when it syncs.</source>
        <translation>په دې لپټاپ لا زده کوونکې نشته. د همغږي پر مهال به راشي.</translation>
    </message>
    <message>
        <source>Mentees</source>
        <translation>زده کوونکې</translation>
    </message>
</context>
<context>
    <name>ModuleEditorPage</name>
    <message>
        <source>Training modules</source>
        <translation>روزنیز موډیولونه</translation>
    </message>
    <message>
        <source>&amp;Module:</source>
        <translation>موډیول: (&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>پرانیزئ (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;New module</source>
        <translation>نوی موډیول (&amp;N)</translation>
    </message>
    <message>
        <source>Publish to &amp;cohorts:</source>
        <translation>دې ډلو ته خپور کړئ: (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>مسوده خوندي کړئ (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>خپور یې کړئ (&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>سرلیک: (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>تشریح: (&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>ژبه: (&amp;L)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>په اړه</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>لوستونه</translation>
    </message>
    <message>
        <source>Add lesson</source>
        <translation>لوست ور زیات کړئ</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>لرې کړئ</translation>
    </message>
    <message>
        <source>Remove lesson</source>
        <translation>لوست لرې کړئ</translation>
    </message>
    <message>
        <source>Lesson t&amp;itle:</source>
        <translation>د لوست سرلیک: (&amp;I)</translation>
    </message>
    <message>
        <source>Lesson text (Markdown)</source>
        <translation>د لوست متن (مارک ډاون)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>مخکتنه</translation>
    </message>
    <message>
        <source>Write in Markdown: # heading, **bold**, - list. Add pictures on the Files tab and show them with ![description](file name).</source>
        <translation>په مارک ډاون کې ولیکئ: # سرلیک، **غټ**، - لړلیک. انځورونه د فایلونو په ټب کې ور زیات کړئ او په ![تشریح](د فایل نوم) یې وښیاست.</translation>
    </message>
    <message>
        <source>Files of this module</source>
        <translation>د دې موډیول فایلونه</translation>
    </message>
    <message>
        <source>Add &amp;file…</source>
        <translation>فایل ور زیات کړئ… (&amp;F)</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>فایلونه</translation>
    </message>
    <message>
        <source>Pass &amp;mark:</source>
        <translation>د بریا نمره: (&amp;M)</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>پوښتنې</translation>
    </message>
    <message>
        <source>Add question</source>
        <translation>پوښتنه ور زیاته کړئ</translation>
    </message>
    <message>
        <source>Remove question</source>
        <translation>پوښتنه لرې کړئ</translation>
    </message>
    <message>
        <source>One right answer</source>
        <translation>یو سم ځواب</translation>
    </message>
    <message>
        <source>Several right answers</source>
        <translation>څو سم ځوابونه</translation>
    </message>
    <message>
        <source>Short written answer</source>
        <translation>لنډ لیکلی ځواب</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>ډول: (&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>پوښتنه: (&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Choices (one a line):</source>
        <translation>انتخابونه (په هره کرښه کې یو): (&amp;C)</translation>
    </message>
    <message>
        <source>e.g. 1, 3</source>
        <translation>لکه 1، 3</translation>
    </message>
    <message>
        <source>Right c&amp;hoices (numbers):</source>
        <translation>سم انتخابونه (شمېرې): (&amp;H)</translation>
    </message>
    <message>
        <source>Accepted &amp;answers (one a line):</source>
        <translation>منل شوي ځوابونه (په هره کرښه کې یو): (&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Points:</source>
        <translation>نمرې: (&amp;P)</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>ازموینه</translation>
    </message>
    <message>
        <source>(untitled lesson)</source>
        <translation>(بې سرلیکه لوست)</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>پوښتنه %1</translation>
    </message>
    <message>
        <source>Give the module a title.</source>
        <translation>موډیول ته سرلیک ورکړئ.</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>موډیولونه</translation>
    </message>
    <message>
        <source>The server could not do this: %1</source>
        <translation>سرور دا ونشو کړای: %1</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1 (نسخه %2)</translation>
    </message>
    <message>
        <source>Opened “%1”.</source>
        <translation>«%1» پرانیستل شو.</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>پرانیستل کېږي…</translation>
    </message>
    <message>
        <source>Lesson 1</source>
        <translation>لوست 1</translation>
    </message>
    <message>
        <source>Lesson %1</source>
        <translation>لوست %1</translation>
    </message>
    <message>
        <source>Add files to the module</source>
        <translation>موډیول ته فایلونه ور زیات کړئ</translation>
    </message>
    <message>
        <source>%1 files added.</source>
        <translation>%1 فایلونه ور زیات شول.</translation>
    </message>
    <message>
        <source>Uploading files…</source>
        <translation>فایلونه پورته کېږي…</translation>
    </message>
    <message>
        <source>Draft saved on the server. Interns see it only after you publish.</source>
        <translation>مسوده په سرور خوندي شوه. انټرنې یې یوازې له خپرېدو وروسته ویني.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>خوندي کېږي…</translation>
    </message>
    <message>
        <source>Tick at least one cohort to publish to.</source>
        <translation>د خپرولو لپاره لږ تر لږه یوه ډله په نښه کړئ.</translation>
    </message>
    <message>
        <source>Published version %1. Interns receive it at their next sync.</source>
        <translation>نسخه %1 خپره شوه. انټرنې به یې په راتلونکي همغږي کې ترلاسه کړي.</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>خپرېږي…</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Something went wrong</source>
        <extracomment>Stable key (not shown): used for navigation, screenshots and tests.</extracomment>
        <translation>یو څه غلط شول</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Who will use this laptop?</source>
        <translation>دا لپټاپ به څوک کاروي؟</translation>
    </message>
    <message>
        <source>Each person gets her own private space on this laptop. She needs her PIN to open it; nobody else can see her work.</source>
        <translation>هر څوک په دې لپټاپ خپل شخصي ځای لري. د پرانیستلو لپاره یې خپل پن ته اړتیا ده؛ بل هېڅوک یې کار نشي لیدلی.</translation>
    </message>
    <message>
        <source>Each person needs a different name.</source>
        <translation>هر څوک باید بېل نوم ولري.</translation>
    </message>
    <message>
        <source>This could not be saved: %1</source>
        <translation>دا خوندي نه شو: %1</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Person with an enrollment code</source>
        <translation>د نوم لیکنې کوډ لرونکې</translation>
    </message>
    <message>
        <source>Her name</source>
        <translation>د هغې نوم</translation>
    </message>
    <message>
        <source>PIN (%1 to %2 digits)</source>
        <translation>پن (له %1 تر %2 عددونو)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>پن بیا</translation>
    </message>
    <message>
        <source>Type a name for each person.</source>
        <translation>د هر کس نوم ولیکئ.</translation>
    </message>
    <message>
        <source>A PIN is %1 to %2 digits.</source>
        <translation>پن له %1 څخه تر %2 عددونو پورې وي.</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>دواړه پنونه یو شان نه دي.</translation>
    </message>
</context>
<context>
    <name>PersonSwitcher</name>
    <message>
        <source>Who is using fieldapp?</source>
        <extracomment>The installer wants to set up one more person (the caller runs the wizard again). ``exec()`` result when "Set up another person" was chosen. Her unlocked profile (folder and data key) after the right PIN.</extracomment>
        <translation>فیلډ اپ څوک کاروي؟</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>خپل نوم وټاکئ او خپل پن ولیکئ.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>پن</translation>
    </message>
    <message>
        <source>Set up another person…</source>
        <translation>د یو بل کس تنظیم…</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Please wait %1 seconds, then try again.</source>
        <translation>ډېر غلط پنونه. مهرباني وکړئ %1 ثانیې صبر وکړئ، بیا هڅه وکړئ.</translation>
    </message>
    <message>
        <source>That PIN is not right. %1 more tries before a wait.</source>
        <translation>دا پن سم نه دی. له انتظار مخکې %1 نورې هڅې.</translation>
    </message>
    <message>
        <source>This person's space could not be opened: %1</source>
        <translation>د دې کس ځای پرانیستل نه شو: %1</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Step up</source>
        <translation>پورته (&amp;S)</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>ښکته (&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Select All</source>
        <translation>ټول وټاکئ (&amp;S)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>دلته وګورئ:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>د فایل نوم: (&amp;N)</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>د فایل ډول:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>پرانیزئ (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>خوندي کړئ (&amp;S)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>شاته</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>مخکې</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>پورتنی فولډر</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>نوی فولډر جوړ کړئ</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>لړلیک بڼه</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>تفصيلي بڼه</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>ټول فایلونه (*)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>پرانیزئ</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>په دې نوم خوندي کړئ</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>فولډرونه</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>زما کمپیوټر</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>وروستي ځایونه</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>ډول</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>د بدلون نېټه</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>نوم</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>ډول</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>د بدلون نېټه</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>بېرته (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>بیا یې وکړئ (&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>پرې کړئ (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>کاپي (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>ورسریښ کړئ (&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ړنګ کړئ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>ټول وټاکئ</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>جزئیات وښیاست…</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>جزئیات پټ کړئ…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>سمه ده</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>سمه ده</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>خوندي کړئ</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>ټول خوندي کړئ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>پرانیزئ</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>هو (&amp;Y)</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>ټولو ته هو (&amp;A)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>نه (&amp;N)</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>ټولو ته نه (&amp;O)</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>ودروئ</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>بیا هڅه</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>پام مه کوئ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بندول</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغوه کړئ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>پرېږدئ</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>مرسته</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>پلي کړئ</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>بیا تنظیم</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>لومړني حالت ته ستنول</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>بېرته (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>بیا یې وکړئ (&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>پرې کړئ (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>کاپي (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>ورسریښ کړئ (&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ړنګ کړئ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>ټول وټاکئ</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>د لینک پته کاپي کړئ (&amp;L)</translation>
    </message>
</context>
<context>
    <name>QuizWidget</name>
    <message>
        <source>&amp;Check my answers</source>
        <translation>زما ځوابونه وګورئ (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>بیا هڅه وکړئ (&amp;T)</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>پوښتنه %1</translation>
    </message>
    <message>
        <source>You scored %1%. You passed — well done!</source>
        <translation>تاسو %1% نمرې واخیستې. بریالۍ شوئ — شاباس!</translation>
    </message>
    <message>
        <source>You scored %1%. You need more to pass. Read the lessons again and try again.</source>
        <translation>تاسو %1% نمرې واخیستې. د بریا لپاره نورې نمرې پکار دي. لوستونه بیا ولولئ او بیا هڅه وکړئ.</translation>
    </message>
    <message>
        <source>right</source>
        <translation>سم</translation>
    </message>
    <message>
        <source>not right</source>
        <translation>ناسم</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>&amp;Earlier version:</source>
        <translation>پخوانۍ نسخه: (&amp;E)</translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation>پخوانۍ نسخه</translation>
    </message>
    <message>
        <source>Latest version</source>
        <translation>وروستۍ نسخه</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>نښلول شوي فایلونه</translation>
    </message>
    <message>
        <source>Reviews so far</source>
        <translation>تر اوسه کتنې</translation>
    </message>
    <message>
        <source>&amp;Comment for the intern:</source>
        <translation>انټرن ته تبصره: (&amp;C)</translation>
    </message>
    <message>
        <source>Comment for the intern</source>
        <translation>انټرن ته تبصره</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>منظور یې کړئ (&amp;A)</translation>
    </message>
    <message>
        <source>Ask for c&amp;hanges</source>
        <translation>بدلونونه وغواړئ (&amp;H)</translation>
    </message>
    <message>
        <source>Send co&amp;mment only</source>
        <translation>یوازې تبصره ولېږئ (&amp;M)</translation>
    </message>
    <message>
        <source>Choose a submission from the list</source>
        <translation>له لړلیک څخه یو سپارل شوی کار وټاکئ</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> Your review is saved and will be sent at the next sync.</source>
        <translation> ستاسو کتنه خوندي ده او په راتلونکي همغږي کې به ولېږل شي.</translation>
    </message>
    <message>
        <source>Latest version (%1), sent %2:</source>
        <translation>وروستۍ نسخه (%1)، لېږل شوې %2:</translation>
    </message>
    <message>
        <source>The text arrives with the next sync.</source>
        <translation>متن به په راتلونکي همغږي راشي.</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>نسخه %1</translation>
    </message>
    <message>
        <source>No reviews yet.</source>
        <translation>لا کومه کتنه نشته.</translation>
    </message>
</context>
<context>
    <name>Reviews</name>
    <message>
        <source>version %1</source>
        <translation>نسخه %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>امستنې</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ژبه</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>ژبه: (&amp;L)</translation>
    </message>
    <message>
        <source>Text and control size</source>
        <translation>د متن او تڼیو اندازه</translation>
    </message>
    <message>
        <source>Text &amp;size:</source>
        <translation>د متن اندازه: (&amp;S)</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>سرور:</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>پلي کړئ (&amp;A)</translation>
    </message>
    <message>
        <source>The server address is set when this laptop is signed in. Ask your coordinator to change it.</source>
        <translation>د سرور پته د لپټاپ د ننوتلو پر مهال ټاکل کېږي. د بدلولو لپاره له خپلې همغږې وغواړئ.</translation>
    </message>
    <message>
        <source>USB stick:</source>
        <translation>یو اس بي:</translation>
    </message>
    <message>
        <source>&amp;Import content pack…</source>
        <translation>د منځپانګې بنډل راوړئ… (&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Export my work…</source>
        <translation>زما کار صادر کړئ… (&amp;E)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>ننوتي نه یاست</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>Connect this laptop to the server</source>
        <translation>دا لپټاپ له سرور سره ونښلوئ</translation>
    </message>
    <message>
        <source>Add the setup file of each person who will use this laptop (from the USB stick), or type an enrollment code and the server address. No internet is needed now.</source>
        <translation>د هر هغه چا د جوړولو فایل ور زیات کړئ چې دا لپټاپ کاروي (له یو اس بي څخه)، یا د نوم لیکنې کوډ او د سرور پته ولیکئ. اوس انټرنېټ ته اړتیا نشته.</translation>
    </message>
    <message>
        <source>Add setup file…</source>
        <translation>د جوړولو فایل ور زیات کړئ…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>لرې کړئ</translation>
    </message>
    <message>
        <source>Or type an enrollment code</source>
        <translation>یا د نوم لیکنې کوډ ولیکئ</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>د سرور پته</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>د نوم لیکنې کوډ</translation>
    </message>
    <message>
        <source>for example fieldapp.example.org</source>
        <translation>د بېلګې په توګه fieldapp.example.org</translation>
    </message>
    <message>
        <source>Add this code</source>
        <translation>دا کوډ ور زیات کړئ</translation>
    </message>
    <message>
        <source>%1 (server %2)</source>
        <translation>%1 (سرور %2)</translation>
    </message>
    <message>
        <source>Enrollment code for server %1</source>
        <translation>د %1 سرور لپاره د نوم لیکنې کوډ</translation>
    </message>
    <message>
        <source>Choose a setup file</source>
        <translation>د جوړولو فایل وټاکئ</translation>
    </message>
    <message>
        <source>fieldapp setup files (*.fieldenroll)</source>
        <translation>د فیلډ اپ د جوړولو فایلونه (*.fieldenroll)</translation>
    </message>
    <message>
        <source>%1 is not a fieldapp setup file, or it is damaged. Ask for a new one.</source>
        <translation>%1 د فیلډ اپ د جوړولو فایل نه دی، یا خراب دی. نوی فایل وغواړئ.</translation>
    </message>
    <message>
        <source>Check the server address (like fieldapp.example.org) and the code (like ABCD-EFGH-JKLM).</source>
        <translation>د سرور پته (لکه fieldapp.example.org) او کوډ (لکه ABCD-EFGH-JKLM) وګورئ.</translation>
    </message>
    <message>
        <source>This setup is already in the list.</source>
        <translation>دا جوړونه مخکې په لړلیک کې ده.</translation>
    </message>
    <message>
        <source>This setup file is for a different server than the others.</source>
        <translation>دا د جوړولو فایل د نورو په پرتله د بل سرور لپاره دی.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>fieldapp closed unexpectedly</source>
        <translation>فیلډ اپ ناڅاپه بند شو</translation>
    </message>
    <message>
        <source>fieldapp closed unexpectedly last time. Your saved work is safe. A report was saved in %1; please give it to your coordinator.</source>
        <translation>تېر ځل فیلډ اپ ناڅاپه بند شو. ستاسو خوندي کار سالم دی. یو راپور په %1 کې خوندي شو؛ مهرباني وکړئ خپلې همغږې ته یې ورکړئ.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>یو څه غلط شول</translation>
    </message>
    <message>
        <source>An unexpected error happened. Your saved work is safe. A report was saved as %1.</source>
        <translation>یوه ناڅاپي ستونزه پېښه شوه. ستاسو خوندي کار سالم دی. راپور د %1 په نوم خوندي شو.</translation>
    </message>
    <message>
        <source>fieldapp cannot start</source>
        <translation>فیلډ اپ نشي پیلېدای</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in</source>
        <translation>ننوتل</translation>
    </message>
    <message>
        <source>Sign in once with the name and password your coordinator gave you. After that the app works without internet.</source>
        <translation>یو ځل په هغه نوم او پټنوم ننوځئ چې همغږې درکړی. له هغې وروسته اپ پرته له انټرنېټه کار کوي.</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>د سرور پته: (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>کارن نوم: (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>پټنوم: (&amp;P)</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>ننوتل (&amp;I)</translation>
    </message>
    <message>
        <source>Fill in the server address, your user name and your password.</source>
        <translation>د سرور پته، خپل کارن نوم او پټنوم ولیکئ.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>ننوتل روان دي…</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>ننوتلئ.</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation>ننوتل ونه شول: %1</translation>
    </message>
</context>
<context>
    <name>SyncBridge</name>
    <message>
        <source>Syncing…</source>
        <extracomment>Progress signals are throttled to this interval: thousands of per-page updates would flood the GUI.</extracomment>
        <translation>همغږي روانه ده…</translation>
    </message>
    <message>
        <source>Sync stopped.</source>
        <translation>همغږي ودرېده.</translation>
    </message>
    <message>
        <source>Not signed in. Sign in to sync.</source>
        <translation>ننوتي نه یاست. د همغږي لپاره ننوځئ.</translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>همغږي ناکامه شوه.</translation>
    </message>
    <message>
        <source>An administrator removed this device's data.</source>
        <translation>مدیر د دې وسیلې معلومات لرې کړل.</translation>
    </message>
    <message>
        <source>This device was revoked. Sync is off; your unsent work is kept and can be exported.</source>
        <translation>دا وسیله لغوه شوه. همغږي بنده ده؛ ستاسو نالېږل شوی کار ساتل شوی او صادرېدای شي.</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>ستاسو ننوتل پای ته رسېدلي. مهرباني وکړئ بیا ننوځئ.</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>تازه دی</translation>
    </message>
    <message>
        <source>Offline. Your work is saved and will sync later.</source>
        <translation>آفلاین. ستاسو کار خوندي دی او وروسته به همغږي شي.</translation>
    </message>
    <message>
        <source>Sync did not finish.</source>
        <translation>همغږي پای ته ونه رسېده.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sync now</source>
        <translation>اوس همغږي کړئ</translation>
    </message>
    <message>
        <source>Send your work and fetch new work now (F5)</source>
        <translation>خپل کار اوس ولېږئ او نوی کار راواخلئ (F5)</translation>
    </message>
    <message>
        <source>Not signed in: sign in to send your work.</source>
        <translation>ننوتي نه یاست: د خپل کار لېږلو لپاره ننوځئ.</translation>
    </message>
    <message>
        <source>Records left out: %1. Some records from the server could not be read; everything else was synced. Please tell your coordinator.</source>
        <translation>پرېښودل شوي ریکارډونه: %1. د سرور نه راغلي ځینې ریکارډونه ونه لوستل شول؛ نور هر څه همغږي شول. مهرباني وکړئ خپلې همغږي کوونکې ته ووایاست.</translation>
    </message>
    <message>
        <source>Status unavailable</source>
        <translation>حالت نشته</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>همغږي روانه ده…</translation>
    </message>
    <message>
        <source>This laptop was switched off from the server. Ask your coordinator.</source>
        <translation>دا لپټاپ له سرور څخه بند شو. له خپلې همغږې پوښتنه وکړئ.</translation>
    </message>
    <message>
        <source>Signed out: sign in again to send your work.</source>
        <translation>ووتلئ: د خپل کار لېږلو لپاره بیا ننوځئ.</translation>
    </message>
    <message>
        <source>Offline. Your work is saved on this laptop and will be sent later.</source>
        <translation>آفلاین. ستاسو کار په دې لپټاپ خوندي دی او وروسته به ولېږل شي.</translation>
    </message>
    <message>
        <source>Offline. Everything you did is already sent.</source>
        <translation>آفلاین. ستاسو ټول کار مخکې لېږل شوی.</translation>
    </message>
    <message>
        <source>Some work could not be sent</source>
        <translation>ځینې کار ونه لېږل شو</translation>
    </message>
    <message>
        <source>Saved on this laptop, waiting to be sent</source>
        <translation>په دې لپټاپ خوندي، د لېږلو په تمه</translation>
    </message>
    <message>
        <source>Nothing waiting to be sent</source>
        <translation>د لېږلو لپاره هېڅ په تمه نه دی</translation>
    </message>
    <message>
        <source>All your work is sent</source>
        <translation>ستاسو ټول کار لېږل شوی</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>وروستۍ همغږي: %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>هېڅکله همغږي نه ده شوې</translation>
    </message>
    <message>
        <source>Waiting to go up: %1 changes, %2 files</source>
        <translation>د لېږلو په تمه: %1 بدلونونه، %2 فایلونه</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>ناکام: %1</translation>
    </message>
    <message>
        <source>Conflicts: %1</source>
        <translation>ټکرونه: %1</translation>
    </message>
</context>
<context>
    <name>TaskAdminPage</name>
    <message>
        <source>Task</source>
        <translation>دنده</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>وروستۍ نېټه</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>چا ته سپارل شوې</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>پرمختګ</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>دندې</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>سرلیک: (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;What to do:</source>
        <translation>څه باید وشي: (&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Due by</source>
        <translation>وروستۍ نېټه (&amp;D)</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>وروستۍ نېټه</translation>
    </message>
    <message>
        <source>Due date:</source>
        <translation>وروستۍ نېټه:</translation>
    </message>
    <message>
        <source>A whole &amp;cohort:</source>
        <translation>ټوله ډله: (&amp;C)</translation>
    </message>
    <message>
        <source>Chosen &amp;interns:</source>
        <translation>ټاکل شوې انټرنې: (&amp;I)</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>ډله</translation>
    </message>
    <message>
        <source>Interns</source>
        <translation>انټرنې</translation>
    </message>
    <message>
        <source>C&amp;reate task</source>
        <translation>دنده جوړه کړئ (&amp;R)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>ټولې دندې</translation>
    </message>
    <message>
        <source>Task “%1” created. It will be sent at the next sync.</source>
        <translation>دنده «%1» جوړه شوه. په راتلونکي همغږي به ولېږل شي.</translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>Task description</source>
        <extracomment>Autosave this long after the last keystroke. Emitted after a change that other views must reflect (status, draft saved, submitted).</extracomment>
        <translation>د دندې تشریح</translation>
    </message>
    <message>
        <source>My &amp;status:</source>
        <translation>زما حالت: (&amp;S)</translation>
    </message>
    <message>
        <source>Feedback from your mentor</source>
        <translation>ستاسو د لارښودې نظر</translation>
    </message>
    <message>
        <source>Your work</source>
        <translation>ستاسو کار</translation>
    </message>
    <message>
        <source>&amp;Answer:</source>
        <translation>ځواب: (&amp;A)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>ځواب</translation>
    </message>
    <message>
        <source>Attached &amp;files:</source>
        <translation>نښلول شوي فایلونه: (&amp;F)</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>نښلول شوي فایلونه</translation>
    </message>
    <message>
        <source>A&amp;ttach a file…</source>
        <translation>فایل ونښلوئ… (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Remove file</source>
        <translation>فایل لرې کړئ (&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;ubmit</source>
        <translation>وسپارئ (&amp;U)</translation>
    </message>
    <message>
        <source>Choose a task from the list</source>
        <translation>له لړلیک څخه یوه دنده وټاکئ</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>وروستۍ نېټه: %1</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>وروستۍ نېټه نشته</translation>
    </message>
    <message>
        <source>Draft saved on this laptop at %1.</source>
        <translation>مسوده په دې لپټاپ د %1 په وخت خوندي شوه.</translation>
    </message>
    <message>
        <source>Send new &amp;version</source>
        <translation>نوې نسخه ولېږئ (&amp;V)</translation>
    </message>
    <message>
        <source>Not submitted yet. Your writing is kept on this laptop as you type.</source>
        <translation>لا نه دی سپارل شوی. څه چې لیکئ سم دلاسه په دې لپټاپ خوندي کېږي.</translation>
    </message>
    <message>
        <source>Your mentor asked for changes. Read the feedback, change your work and send a new version.</source>
        <translation>ستاسو لارښودې بدلونونه غوښتي. نظر ولولئ، خپل کار بدل کړئ او نوې نسخه ولېږئ.</translation>
    </message>
    <message>
        <source>Submitted and saved on this laptop. It will be sent automatically the next time this laptop is online.</source>
        <translation>وسپارل شو او په دې لپټاپ خوندي دی. بل ځل چې لپټاپ آنلاین شي، پخپله به ولېږل شي.</translation>
    </message>
    <message>
        <source>Sent. Your mentor will review it.</source>
        <translation>ولېږل شو. ستاسو لارښوده به یې وګوري.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>فایلونه ونښلوئ</translation>
    </message>
    <message>
        <source>Adding files…</source>
        <translation>فایلونه ور زیاتېږي…</translation>
    </message>
    <message>
        <source>The file could not be added: %1</source>
        <translation>فایل ور زیات نه شو: %1</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Task</source>
        <translation>دنده</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>وروستۍ نېټه</translation>
    </message>
    <message>
        <source>My status</source>
        <translation>زما حالت</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>سپارل شوی کار</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>زما دندې</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>لټون: (&amp;S)</translation>
    </message>
    <message>
        <source>Words in the title</source>
        <translation>په سرلیک کې کلمې</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>وښیاست: (&amp;H)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>ټولې دندې</translation>
    </message>
    <message>
        <source>Not done yet</source>
        <translation>لا نه دي بشپړې</translation>
    </message>
    <message>
        <source>Due today or late</source>
        <translation>نن یا ځنډېدلې</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>بدلونونه غوښتل شوي</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>بشپړ</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>دندې</translation>
    </message>
    <message>
        <source>No tasks yet. New tasks arrive when this laptop syncs.</source>
        <translation>لا دندې نشته. نوې دندې د لپټاپ د همغږي پر مهال راځي.</translation>
    </message>
    <message>
        <source>No tasks match. Choose “All tasks” to see every task.</source>
        <translation>هېڅ دنده برابره نه ده. د ټولو دندو لیدو لپاره «ټولې دندې» وټاکئ.</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>Module</source>
        <translation>موډیول</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>لوستونه</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>بشپړ</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>روزنه</translation>
    </message>
    <message>
        <source>Training modules</source>
        <translation>روزنیز موډیولونه</translation>
    </message>
    <message>
        <source>Progress in this module</source>
        <translation>په دې موډیول کې پرمختګ</translation>
    </message>
    <message>
        <source>I have &amp;finished this lesson</source>
        <translation>ما دا لوست پای ته ورساوه (&amp;F)</translation>
    </message>
    <message>
        <source>No training modules yet. They arrive when this laptop syncs.</source>
        <translation>لا روزنیز موډیولونه نشته. د لپټاپ د همغږي پر مهال به راشي.</translation>
    </message>
    <message>
        <source>Choose a module</source>
        <translation>یو موډیول وټاکئ</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>%1 بشپړ</translation>
    </message>
    <message>
        <source>Quiz (passed, best %1)</source>
        <translation>ازموینه (بریالۍ، غوره %1)</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>ازموینه</translation>
    </message>
</context>
<context>
    <name>_PackDialog</name>
    <message>
        <source>Choose…</source>
        <translation>وټاکئ…</translation>
    </message>
    <message>
        <source>Nothing was changed. %1</source>
        <translation>هېڅ بدلون ونه شو. %1</translation>
    </message>
</context>
</TS>