# what: ruby: threads, fork, Process.wait, File
# needs: ruby
ruby -e 'q = Queue.new; 4.times.map { |i| Thread.new { q << i } }.each(&:join); p q.size
pid = fork { exit 5 }; Process.wait(pid); p $?.exitstatus; File.write("r", "ruby"); puts File.read("r")'
