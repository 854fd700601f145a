# what: g++ with std::thread and std::mutex
# needs: g++
cat >t.cc <<'C'
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>
int main() { int n = 0; std::mutex m; std::vector<std::thread> v;
  for (int i = 0; i < 4; i++) v.emplace_back([&] { for (int k = 0; k < 1000; k++) { std::lock_guard<std::mutex> g(m); n++; } });
  for (auto &t : v) t.join(); std::cout << n << std::endl; }
C
g++ -O2 -pthread -o t t.cc && ./t
